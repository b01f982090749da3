//! `use_organization_memberships()`: the active organization's members, a page at a time.

use leptos::prelude::*;

use crate::state::{try_use_clerk_context, use_clerk_context};
use crate::{
    client, ClerkApiError, ClerkContext, OrganizationMemberSnapshot, OrganizationRoleSnapshot,
};

/// The active organization's members, a page at a time: the Leptos form of Clerk's
/// `useOrganization({ memberships: { pageSize, keepPreviousData: true } }).memberships`.
///
/// Fetched by clerk-js in the browser, so the server's render (and the first client render,
/// which must match it) shows them as not loaded yet. A page stays while the next one loads;
/// an organization made active (another, or the same again) starts at its first page.
#[derive(Clone, Copy, Debug)]
pub struct UseOrganizationMemberships {
    /// Whether a page of the active organization's members has arrived. With none active it
    /// turns true too (an empty list) once clerk-js has been asked, in the browser.
    pub is_loaded: Signal<bool>,
    /// Whether a page is on its way (the first, another, or after [`revalidate`](Self::revalidate)).
    pub is_fetching: Signal<bool>,
    /// The members on the page.
    pub data: Signal<Vec<OrganizationMemberSnapshot>>,
    /// How many members the organization has.
    pub count: Signal<u32>,
    /// The page asked for, from 1.
    pub page: Signal<u32>,
    /// How many pages there are (at least 1).
    pub page_count: Signal<u32>,
    /// Whether there is a page after this one.
    pub has_next_page: Signal<bool>,
    /// Whether there is a page before this one.
    pub has_previous_page: Signal<bool>,
    /// Why the last fetch failed (clerk-js did not load, Clerk refused or could not be
    /// reached); `None` once a page arrives.
    pub error: Signal<Option<ClerkApiError>>,
    org_id: Memo<Option<String>>,
    asked: RwSignal<(Option<String>, u32)>,
    revalidations: RwSignal<u32>,
}

impl UseOrganizationMemberships {
    /// Shows page `page` (from 1). As Clerk's `fetchPage`, a page beyond the last is asked for
    /// all the same, and is empty.
    pub fn fetch_page(&self, page: u32) {
        self.asked.set((self.org_id.get_untracked(), page.max(1)));
    }

    /// The next page, if there is one.
    pub fn fetch_next(&self) {
        if self.has_next_page.get_untracked() {
            self.fetch_page(self.page.get_untracked() + 1);
        }
    }

    /// The page before, if there is one.
    pub fn fetch_previous(&self) {
        if self.has_previous_page.get_untracked() {
            self.fetch_page(self.page.get_untracked() - 1);
        }
    }

    /// Fetches the page again: after a change made elsewhere (the Backend API, another tab).
    pub fn revalidate(&self) {
        // `try_`: a change awaited here may end after its page has gone.
        self.revalidations.try_update(|n| *n = n.wrapping_add(1));
    }

    /// Gives `member` another role (`role`, a key such as `"org:admin"`, from
    /// [`roles`](Self::roles)): Clerk's `membership.update({ role })`. The page is then
    /// fetched again. Clerk refuses without `org:sys_memberships:manage`, and when the
    /// organization would be left without a member who has it
    /// (`organization_minimum_permissions_needed`).
    pub async fn update_role(
        self,
        member: &OrganizationMemberSnapshot,
        role: &str,
    ) -> Result<OrganizationMemberSnapshot, ClerkApiError> {
        let (org_id, user_id) = self.target(member)?;
        let updated = client::update_organization_member(&org_id, &user_id, role).await?;
        self.revalidate();
        Ok(updated)
    }

    /// Removes `member` from the organization: Clerk's `membership.destroy()`. The page is
    /// then fetched again. The signed-in user's own membership leaves the organization; any
    /// other needs `org:sys_memberships:manage`, and the last member who has it stays.
    pub async fn remove(self, member: &OrganizationMemberSnapshot) -> Result<(), ClerkApiError> {
        let (org_id, user_id) = self.target(member)?;
        client::remove_organization_member(&org_id, &user_id).await?;
        self.revalidate();
        Ok(())
    }

    /// The roles a member can be given, for a choice of role: Clerk's
    /// `organization.getRoles()`.
    pub async fn roles(self) -> Result<Vec<OrganizationRoleSnapshot>, ClerkApiError> {
        let org_id = self.org_id.get_untracked().ok_or_else(no_organization)?;
        client::organization_roles(&org_id).await
    }

    /// The active organization and `member`'s user: what Clerk's requests name.
    fn target(
        self,
        member: &OrganizationMemberSnapshot,
    ) -> Result<(String, String), ClerkApiError> {
        let org_id = self.org_id.get_untracked().ok_or_else(no_organization)?;
        let user_id = member
            .user_id
            .clone()
            .ok_or_else(|| ClerkApiError::without_code("this membership names no user"))?;
        Ok((org_id, user_id))
    }
}

fn no_organization() -> ClerkApiError {
    ClerkApiError::without_code("no organization is active")
}

/// What has arrived for one organization.
#[derive(Clone, Debug, Default, PartialEq)]
struct Members {
    org_id: Option<String>,
    loaded: bool,
    fetching: bool,
    data: Vec<OrganizationMemberSnapshot>,
    count: u32,
    error: Option<ClerkApiError>,
}

/// The active organization's members, `page_size` to a page (Clerk's default is 10).
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_clerk::use_organization_memberships;
///
/// #[component]
/// fn Members() -> impl IntoView {
///     let members = use_organization_memberships(10);
///     view! {
///         <ul>
///             <For each=move || members.data.get() key=|m| m.id.clone() let:m>
///                 <li>{m.identifier.clone()} " (" {m.role_name.clone()} ")"</li>
///             </For>
///         </ul>
///         <button disabled=move || !members.has_next_page.get() on:click=move |_| members.fetch_next()>
///             "Next"
///         </button>
///     }
/// }
/// ```
///
/// # Panics
/// Outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
#[track_caller]
pub fn use_organization_memberships(page_size: u32) -> UseOrganizationMemberships {
    memberships_from(use_clerk_context(), page_size)
}

/// [`use_organization_memberships`], or `None` outside a [`ClerkProvider`](crate::ClerkProvider).
#[must_use]
pub fn try_use_organization_memberships(page_size: u32) -> Option<UseOrganizationMemberships> {
    try_use_clerk_context().map(|ctx| memberships_from(ctx, page_size))
}

fn memberships_from(ctx: ClerkContext, page_size: u32) -> UseOrganizationMemberships {
    let page_size = page_size.max(1);
    let auth = ctx.auth;
    let org_id = Memo::new(move |_| auth.with(|a| a.org_id.clone()));
    // The page asked for and the organization it was asked of: for another, page 1.
    let asked = RwSignal::new((None::<String>, 1));
    let page =
        Memo::new(move |_| asked.with(|(of, page)| if *of == org_id.get() { *page } else { 1 }));
    let revalidations = RwSignal::new(0_u32);
    let members = RwSignal::new(Members::default());
    // Each fetch's number: an answer that a later fetch overtook is dropped.
    let latest = StoredValue::new(0_u64);
    // Effects run in the browser only, after hydration.
    Effect::new(move |_| {
        let (org, page) = (org_id.get(), page.get());
        revalidations.track();
        let fetch = latest.get_value().wrapping_add(1);
        latest.set_value(fetch);
        members.update(|m| {
            if m.org_id != org {
                *m = Members {
                    org_id: org.clone(),
                    ..Members::default()
                };
            }
            m.fetching = true;
        });
        // Another organization is on page 1 already (`page` above); this makes the next one
        // (or this one again, after another) start there too. `page` stays 1: no second run.
        if asked.with_untracked(|(of, _)| *of != org) {
            asked.set((org.clone(), 1));
        }
        leptos::task::spawn_local(async move {
            let answer = match &org {
                Some(id) => client::organization_members(id, page, page_size).await,
                None => Ok((Vec::new(), 0)),
            };
            if latest.try_get_value() != Some(fetch) {
                return;
            }
            members.try_update(|m| {
                m.fetching = false;
                match answer {
                    Ok((data, count)) => {
                        m.loaded = true;
                        m.data = data;
                        m.count = count;
                        m.error = None;
                    }
                    Err(error) => m.error = Some(error),
                }
            });
        });
    });
    // Memos: a view of the list is not rebuilt when only `fetching` changes.
    let count = Memo::new(move |_| members.with(|m| m.count));
    // Derived from `count`, not a memo of it: a view that reads both a memo and a memo of that
    // memo was not updated when only the first changed (a count going from 1 to 3 on a single
    // page), where it reads `count` itself it is.
    let page_count = Signal::derive(move || count.get().div_ceil(page_size).max(1));
    UseOrganizationMemberships {
        is_loaded: Memo::new(move |_| members.with(|m| m.loaded)).into(),
        is_fetching: Memo::new(move |_| members.with(|m| m.fetching)).into(),
        data: Memo::new(move |_| members.with(|m| m.data.clone())).into(),
        count: count.into(),
        page: page.into(),
        page_count,
        has_next_page: Signal::derive(move || page.get() < page_count.get()),
        has_previous_page: Signal::derive(move || page.get() > 1),
        error: Memo::new(move |_| members.with(|m| m.error.clone())).into(),
        org_id,
        asked,
        revalidations,
    }
}
