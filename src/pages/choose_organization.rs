//! `/choose-organization`: the `choose-organization` session task on a page of the app's own,
//! named in `Leptos.toml` (`[clerk.task_urls]`). Where the instance requires an organization
//! (Clerk's "Allow personal accounts" off), clerk-js sends a new session here after sign-in or
//! sign-up, and Clerk's `<TaskChooseOrganization/>` has the user choose or create one. A page
//! load of a protected page meanwhile goes to `/sign-in/tasks` (as `@clerk/backend` sends it),
//! where `<SignIn/>` shows the same task. Not protected: a pending session is signed out for
//! the server.

use leptos::prelude::*;
use leptos_clerk::TaskChooseOrganization;

#[component]
pub fn ChooseOrganizationPage() -> impl IntoView {
    view! {
        <section class="centered">
            <TaskChooseOrganization redirect_url_complete="/dashboard"/>
        </section>
    }
}
