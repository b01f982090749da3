use leptos::prelude::*;
use leptos_clerk::{use_user, SignedIn, SignedOut};

/// Public: shows both auth states, rendered on the server for whoever asks, and says what each
/// page shows.
#[component]
pub fn Home() -> impl IntoView {
    let user = use_user().user;
    let first_name = move || user.get().and_then(|u| u.first_name).unwrap_or_default();
    view! {
        <h1>"Clerk + Leptos"</h1>
        <SignedOut>
            <p id="home-signed-out">"You are signed out. " <a href="/sign-in">"Sign in"</a> " to see your dashboard."</p>
        </SignedOut>
        <SignedIn>
            <p id="home-signed-in">"Welcome back, " {first_name} ". Go to your " <a href="/dashboard">"dashboard"</a> "."</p>
        </SignedIn>
        <h2>"What each page shows"</h2>
        <dl class="pages">
            <dt><a href="/dashboard">"Dashboard"</a></dt>
            <dd>"The guide's useUser(): \"Hello\" with the user's first name, in three states. The page is protected: signed out, you are sent to sign-in and back."</dd>
            <dt><a href="/profile">"Profile"</a></dt>
            <dd>"The guide's loader and action: a server function reads get_auth() and loads you through the Backend API; the form changes your name through it. It works without JavaScript."</dd>
            <dt><a href="/use-auth">"use_auth"</a></dt>
            <dd>"The guide's useAuth(): your user and session ids. Its button gets a session token and calls the app's JSON API with it, as you would call another service."</dd>
            <dt><a href="/notes">"Notes"</a></dt>
            <dd>"Your own data in the database, from server functions (the same notes are at /api/notes). With an organization active, its members share notes; deleting them takes a permission, checked on the server."</dd>
            <dt><a href="/organization">"Organization"</a></dt>
            <dd>"Clerk's organization switcher, what the hooks say about the active organization, and a switcher of the app's own built with use_organization_list(). Protected with leptos_router's ProtectedRoute."</dd>
            <dt><a href="/custom-sign-in">"Custom sign-in"</a></dt>
            <dd>"A sign-in form of the app's own design, built with use_sign_in() instead of Clerk's <SignIn/>, with a \"Continue with Google\" that comes back through <AuthenticateWithRedirectCallback/>."</dd>
            <dt><a href="/custom-sign-up">"Custom sign-up"</a></dt>
            <dd>"A sign-up form of the app's own design, built with use_sign_up(): an email address and a password, then the emailed code where Clerk verifies addresses; or Google."</dd>
            <dt><a href="/session">"Session"</a></dt>
            <dd>"Everything the hooks return, as JSON: handy while building. Remove at will."</dd>
        </dl>
    }
}
