use leptos::prelude::*;
use leptos_clerk::{
    use_clerk, use_clerk_status, ClerkDegraded, ClerkFailed, SignOutButton, SignedIn, SignedOut,
    UserButton, UserButtonMenuItem,
};
use serde_json::json;

/// The top bar: links, and the sign-in / sign-out control for the current state.
#[component]
pub fn Nav() -> impl IntoView {
    let status = use_clerk_status();
    view! {
        <nav data-clerk-status=move || status.get().as_str()>
            <a href="/">"Home"</a>
            <a href="/dashboard">"Dashboard"</a>
            <a href="/profile">"Profile"</a>
            <a href="/use-auth">"use_auth"</a>
            <a href="/notes">"Notes"</a>
            <a href="/organization">"Organization"</a>
            <a href="/session">"Session"</a>
            <span class="spacer"></span>
            <ClerkFailed>
                <span id="clerk-failed" class="error">"Sign-in is unavailable right now."</span>
            </ClerkFailed>
            <ClerkDegraded>
                <span id="clerk-degraded" class="error">"Clerk is having trouble: signing in may not work."</span>
            </ClerkDegraded>
            <SignedIn>
                <SignOutButton class="button"/>
                // "Manage account" goes to the account page (/user) instead of a modal: any of
                // Clerk's props can be passed as JSON. The menu has two entries of the app's.
                <UserButton
                    props=json!({"userProfileMode": "navigation", "userProfileUrl": "/user"})
                    menu_items=account_menu()
                />
            </SignedIn>
            <SignedOut>
                <a href="/sign-up">"Sign up"</a>
                <a class="button" href="/sign-in">"Sign in"</a>
            </SignedOut>
        </nav>
    }
}

/// `<UserButton>`'s own entries: a page of the app's, and one of Clerk's modals.
fn account_menu() -> Vec<UserButtonMenuItem> {
    let clerk = use_clerk();
    vec![
        UserButtonMenuItem::link("My notes", "/notes", "📝"),
        UserButtonMenuItem::link("API keys", "/api-keys", "🔑"),
        UserButtonMenuItem::action("Create an organization", "＋", move || {
            clerk.open_create_organization();
        }),
    ]
}
