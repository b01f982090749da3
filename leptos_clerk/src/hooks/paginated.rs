//! `Paginated<T>`: one of Clerk's lists, a page at a time, fetched by clerk-js: the active
//! organization's members or pending invitations, or the signed-in user's invitations. The
//! Leptos form of the paginated resources of Clerk's `useOrganization({ memberships,
//! invitations })` and `useOrganizationList({ userInvitations })`.

use std::future::Future;

use leptos::prelude::*;

use crate::{ClerkApiError, ClerkContext};

/// A page of one of Clerk's lists, and the means to move between pages: Clerk's
/// `PaginatedResources` with `keepPreviousData: true`.
///
/// Fetched by clerk-js in the browser, so the server's render (and the first client render,
/// which must match it) shows the list as not loaded yet. A page stays while the next one
/// loads. The list belongs to its owner, the active organization or the signed-in user: a new
/// owner (another organization made active, or the same again) starts at its first page.
#[derive(Debug)]
pub struct Paginated<T: Send + Sync + 'static> {
    /// Whether a page of the list has arrived. Without an owner (no organization active,
    /// nobody signed in) it turns true too, with an empty list, once in the browser.
    pub is_loaded: Signal<bool>,
    /// Whether a page is on its way (the first, another, or after [`revalidate`](Self::revalidate)).
    pub is_fetching: Signal<bool>,
    /// The entries on the page.
    pub data: Signal<Vec<T>>,
    /// How many entries the list has in all.
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
    /// Whose list this is: the active organization's id, or the signed-in user's.
    owner: Memo<Option<String>>,
    asked: RwSignal<(Option<String>, u32)>,
    revalidations: RwSignal<u32>,
}

// By hand: derived, they would ask `T: Copy`, where only the signals are copied.
impl<T: Send + Sync + 'static> Clone for Paginated<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paginated<T> {}

impl<T: Send + Sync + 'static> Paginated<T> {
    /// Shows page `page` (from 1). As Clerk's `fetchPage`, a page beyond the last is asked for
    /// all the same, and is empty.
    pub fn fetch_page(&self, page: u32) {
        self.asked.set((self.owner.get_untracked(), page.max(1)));
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

    /// The id of the list's owner, for a change to one of its entries.
    pub(crate) fn owner(&self) -> Option<String> {
        self.owner.get_untracked()
    }

    /// The active organization's id, for a change to one of its lists' entries.
    pub(crate) fn active_organization(&self) -> Result<String, ClerkApiError> {
        self.owner()
            .ok_or_else(|| ClerkApiError::without_code("no organization is active"))
    }
}

/// What has arrived for one owner.
#[derive(Clone, Debug, PartialEq)]
struct Arrived<T> {
    owner: Option<String>,
    loaded: bool,
    fetching: bool,
    data: Vec<T>,
    count: u32,
    error: Option<ClerkApiError>,
}

impl<T> Arrived<T> {
    fn nothing_yet(owner: Option<String>) -> Self {
        Self {
            owner,
            loaded: false,
            fetching: false,
            data: Vec::new(),
            count: 0,
            error: None,
        }
    }
}

/// The active organization's id: the owner of its lists.
pub(crate) fn active_organization(ctx: ClerkContext) -> Memo<Option<String>> {
    let auth = ctx.auth;
    Memo::new(move |_| auth.with(|a| a.org_id.clone()))
}

/// The signed-in user's id: the owner of their lists.
pub(crate) fn signed_in_user(ctx: ClerkContext) -> Memo<Option<String>> {
    let auth = ctx.auth;
    Memo::new(move |_| auth.with(|a| a.user_id.clone()))
}

/// `owner`'s list, `page_size` to a page, each page fetched by `fetch(owner, page, page_size)`,
/// which answers the page's entries and the list's length.
pub(crate) fn paginated<T, F, Fut>(
    owner: Memo<Option<String>>,
    page_size: u32,
    fetch: F,
) -> Paginated<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
    F: Fn(String, u32, u32) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<(Vec<T>, u32), ClerkApiError>> + 'static,
{
    let page_size = page_size.max(1);
    // The page asked for and the owner it was asked of: for another, page 1.
    let asked = RwSignal::new((None::<String>, 1));
    let page =
        Memo::new(move |_| asked.with(|(of, page)| if *of == owner.get() { *page } else { 1 }));
    let revalidations = RwSignal::new(0_u32);
    let arrived = RwSignal::new(Arrived::<T>::nothing_yet(None));
    // Each fetch's number: an answer that a later fetch overtook is dropped.
    let latest = StoredValue::new(0_u64);
    // Effects run in the browser only, after hydration.
    Effect::new(move |_| {
        let (of, page) = (owner.get(), page.get());
        revalidations.track();
        let number = latest.get_value().wrapping_add(1);
        latest.set_value(number);
        arrived.update(|a| {
            if a.owner != of {
                *a = Arrived::nothing_yet(of.clone());
            }
            a.fetching = true;
        });
        // Another owner is on page 1 already (`page` above); this makes the next one (or this
        // one again, after another) start there too. `page` stays 1: no second run.
        if asked.with_untracked(|(asked_of, _)| *asked_of != of) {
            asked.set((of.clone(), 1));
        }
        leptos::task::spawn_local(async move {
            let answer = match of {
                Some(id) => fetch(id, page, page_size).await,
                None => Ok((Vec::new(), 0)),
            };
            if latest.try_get_value() != Some(number) {
                return;
            }
            arrived.try_update(|a| {
                a.fetching = false;
                match answer {
                    Ok((data, count)) => {
                        a.loaded = true;
                        a.data = data;
                        a.count = count;
                        a.error = None;
                    }
                    Err(error) => a.error = Some(error),
                }
            });
        });
    });
    // Memos: a view of the list is not rebuilt when only `fetching` changes.
    let count = Memo::new(move |_| arrived.with(|a| a.count));
    // Derived from `count`, not a memo of it: a view that reads both a memo and a memo of that
    // memo was not updated when only the first changed (a count going from 1 to 3 on a single
    // page), where it reads `count` itself it is.
    let page_count = Signal::derive(move || count.get().div_ceil(page_size).max(1));
    Paginated {
        is_loaded: Memo::new(move |_| arrived.with(|a| a.loaded)).into(),
        is_fetching: Memo::new(move |_| arrived.with(|a| a.fetching)).into(),
        data: Memo::new(move |_| arrived.with(|a| a.data.clone())).into(),
        count: count.into(),
        page: page.into(),
        page_count,
        has_next_page: Signal::derive(move || page.get() < page_count.get()),
        has_previous_page: Signal::derive(move || page.get() > 1),
        error: Memo::new(move |_| arrived.with(|a| a.error.clone())).into(),
        owner,
        asked,
        revalidations,
    }
}
