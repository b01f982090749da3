//! `/notes`: per-user data in the database, through server functions. Personal notes are seen
//! by their author alone; with an organization active, its members share its notes, and only
//! those with the `org:notes:delete` permission may delete them: checked on the server with
//! `auth.has(..)`, the button hidden with `<Protect>` only for comfort. Deleting all of one's
//! personal notes at once needs a recent verification (Clerk's reverification).

use leptos::prelude::*;
use leptos_clerk::{
    is_reverification_cancelled, use_auth, use_organization, with_reverification, Protect,
    ReverificationRequired,
};

use super::ErrorPage;
use crate::notes::{Note, NotesPage, DELETE_ORG_NOTES, MAX_BODY_CHARS, MAX_TITLE_CHARS};

#[cfg(feature = "ssr")]
use crate::server::{context, notes as store};

/// The error a notes server function ends with, answered with its status (404, 403, 409, 422;
/// 500 only for the database), as the JSON API answers it.
#[cfg(feature = "ssr")]
fn to_server_error(error: crate::server::notes::NotesError) -> ServerFnError {
    context::set_status(error.status());
    ServerFnError::new(error.public_message())
}

/// A page of the viewer's notes (personal, and the active organization's), newest first,
/// older than the `before` cursor if given.
#[server(client = leptos_clerk::AuthClient)]
pub async fn list_notes(before: Option<String>) -> Result<NotesPage, ServerFnError> {
    let viewer = context::viewer_or_sign_in().await?;
    store::list(
        &context::db()?,
        &viewer,
        before.as_deref(),
        crate::notes::NOTES_PER_PAGE,
    )
    .await
    .map_err(to_server_error)
}

/// `shared` is the form's checkbox, whose value is the organization the page showed: the note
/// is shared with it only if it is still the active one (another tab may have switched).
#[server(client = leptos_clerk::AuthClient)]
pub async fn create_note(
    title: String,
    body: String,
    shared: Option<String>,
) -> Result<Note, ServerFnError> {
    let viewer = context::viewer_or_sign_in().await?;
    let draft = crate::notes::NoteDraft { title, body };
    let audience = match &shared {
        Some(org_id) => store::Audience::Organization(org_id),
        None => store::Audience::Personal,
    };
    store::create(&context::db()?, &viewer, draft, audience)
        .await
        .map_err(to_server_error)
}

#[server(client = leptos_clerk::AuthClient)]
pub async fn update_note(id: String, title: String, body: String) -> Result<Note, ServerFnError> {
    let viewer = context::viewer_or_sign_in().await?;
    let draft = crate::notes::NoteDraft { title, body };
    store::update(&context::db()?, &viewer, &id, draft)
        .await
        .map_err(to_server_error)
}

#[server(client = leptos_clerk::AuthClient)]
pub async fn delete_note(id: String) -> Result<(), ServerFnError> {
    let viewer = context::viewer_or_sign_in().await?;
    store::delete(&context::db()?, &viewer, &id)
        .await
        .map_err(to_server_error)
}

/// Deletes every personal note of the signed-in user and answers how many there were. It cannot
/// be undone, so the session token must say a factor was verified within the last minute
/// ([`crate::notes::DELETE_ALL_REVERIFICATION`]):
/// otherwise the answer is Clerk's reverification hint, which the page's
/// `with_reverification` answers with Clerk's verification modal, then calls again.
#[server(client = leptos_clerk::AuthClient)]
pub async fn delete_personal_notes() -> Result<u64, ServerFnError> {
    let auth = leptos_clerk::server::get_auth().await?.require_user()?;
    auth.require_reverification(crate::notes::DELETE_ALL_REVERIFICATION)?;
    let viewer = store::Viewer::from(&auth);
    store::delete_personal(&context::db()?, &viewer)
        .await
        .map_err(to_server_error)
}

/// The page: a form to write a note, then the list, each note editable in place. Every form is
/// an `<ActionForm>`, so notes are written, edited and deleted without JavaScript too; deleting
/// them all needs it (the verification happens in clerk-js).
#[component]
pub fn Notes() -> impl IntoView {
    let create = ServerAction::<CreateNote>::new();
    let update = ServerAction::<UpdateNote>::new();
    let delete = ServerAction::<DeleteNote>::new();
    // Not an `<ActionForm>`: the verification it may ask for happens in clerk-js's modal.
    let delete_all = Action::new_local(|_: &()| with_reverification(delete_personal_notes));
    let org_id = use_auth().org_id;
    // `/notes?before=<cursor>`: an older page.
    let query = leptos_router::hooks::use_query_map();
    let before = move || query.with(|q| q.get("before"));
    // Refetched after every change, when the active organization changes, and page by page.
    let notes = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                delete.version().get(),
                delete_all.version().get(),
                org_id.get(),
                before(),
            )
        },
        |(.., before)| list_notes(before),
    );
    let errors = move || {
        let message = |r: Option<Result<_, ServerFnError>>| r.and_then(Result::err);
        message(create.value().get().map(|r| r.map(|_| ())))
            .or_else(|| message(update.value().get().map(|r| r.map(|_| ()))))
            .or_else(|| message(delete.value().get()))
            .map(|e| view! { <p class="error" id="notes-error">{e.to_string()}</p> })
    };

    view! {
        <h1>"Notes"</h1>
        <NewNoteForm create/>
        {errors}
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            // An error shows the error page (status 500 on a server render). The boundary sits
            // inside the Suspense, so the server renders it once the Resource has resolved.
            <ErrorBoundary fallback=|errors| view! { <ErrorPage errors/> }>
                {move || Suspend::new(async move {
                    let NotesPage { notes: list, older } = notes.await?;
                    let list = if list.is_empty() {
                        view! { <p id="notes-empty">"No notes yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul id="notes" class="notes">
                                {list
                                    .into_iter()
                                    .map(|note| view! { <NoteItem note update delete/> })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any()
                    };
                    let newest = before()
                        .is_some()
                        .then(|| view! { <a id="notes-newest" href="/notes">"Newest notes"</a> });
                    let older = older.map(|cursor| {
                        let href = format!("/notes?before={cursor}");
                        view! { <a id="notes-older" href=href>"Older notes"</a> }
                    });
                    Ok::<_, ServerFnError>(view! {
                        {list}
                        <p class="pages">{newest} " " {older}</p>
                    })
                })}
            </ErrorBoundary>
        </Suspense>
        <DeleteAllPersonalNotes delete_all/>
    }
}

/// Deleting every personal note at once. When the server asks for a recent verification, Clerk's
/// verification modal opens, and the deletion runs again once the user has verified.
#[component]
fn DeleteAllPersonalNotes(delete_all: Action<(), Result<u64, ServerFnError>>) -> impl IntoView {
    let outcome = move || {
        delete_all.value().get().map(|result| match result {
            Ok(0) => "You had no personal notes to delete.".to_owned(),
            Ok(1) => "Deleted your personal note.".to_owned(),
            Ok(n) => format!("Deleted your {n} personal notes."),
            Err(error) if is_reverification_cancelled(&error) => {
                "Verification cancelled: nothing was deleted.".to_owned()
            }
            Err(error) if ReverificationRequired::from_server_fn_error(&error).is_some() => {
                "This needs a recent verification: verify it is you and try again.".to_owned()
            }
            Err(error) => error.to_string(),
        })
    };
    view! {
        <section class="danger-zone">
            <h2>"Delete all your personal notes"</h2>
            <p class="hint">
                "Organization notes stay. This cannot be undone, so Clerk asks you to verify it is you unless you did a moment ago."
            </p>
            <button
                type="button"
                class="button danger"
                id="delete-all-notes"
                disabled=move || delete_all.pending().get()
                on:click=move |_| {
                    delete_all.dispatch(());
                }
            >
                "Delete all my personal notes"
            </button>
            <p id="delete-all-outcome" role="status">{outcome}</p>
        </section>
    }
}

#[component]
fn NewNoteForm(create: ServerAction<CreateNote>) -> impl IntoView {
    let org = use_organization().organization;
    let org_name = move || org.get().map(|o| o.name.unwrap_or(o.id));
    let org_id = move || org.get().map(|o| o.id);
    // Empty again once the note is saved (without JavaScript, the reloaded page is).
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(_))) {
            if let Some(form) = form.get() {
                form.reset();
            }
        }
    });
    view! {
        <ActionForm action=create node_ref=form attr:id="new-note" attr:class="stacked">
            <label>"Title" <input type="text" name="title" required maxlength=MAX_TITLE_CHARS/></label>
            <label>"Note" <textarea name="body" rows="3" maxlength=MAX_BODY_CHARS></textarea></label>
            <Show when=move || org_name().is_some()>
                <label class="inline">
                    <input type="checkbox" name="shared" id="note-shared" value=org_id/>
                    " Share with " {org_name}
                </label>
            </Show>
            <button type="submit" class="button">"Add note"</button>
        </ActionForm>
    }
}

#[component]
fn NoteItem(
    note: Note,
    update: ServerAction<UpdateNote>,
    delete: ServerAction<DeleteNote>,
) -> impl IntoView {
    let Note {
        id,
        title,
        body,
        org_id,
        ..
    } = note;
    let shared = org_id.is_some();
    let edit_id = id.clone();
    let delete_form = {
        let id = id.clone();
        move || {
            let id = id.clone();
            view! {
                <ActionForm action=delete attr:class="inline">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button danger">"Delete"</button>
                </ActionForm>
            }
        }
    };
    view! {
        <li class="note" data-note-id=id data-shared=shared.to_string()>
            <h3 class="note-title">{title.clone()}</h3>
            {shared.then(|| view! { <span class="badge">"organization"</span> })}
            <p class="note-body">{body.clone()}</p>
            <details>
                <summary>"Edit"</summary>
                <ActionForm action=update attr:class="stacked">
                    <input type="hidden" name="id" value=edit_id/>
                    <label>"Title" <input type="text" name="title" value=title required maxlength=MAX_TITLE_CHARS/></label>
                    <label>"Note" <textarea name="body" rows="3" maxlength=MAX_BODY_CHARS>{body}</textarea></label>
                    <button type="submit" class="button">"Save"</button>
                </ActionForm>
            </details>
            {if shared {
                view! {
                    <Protect
                        permission=DELETE_ORG_NOTES
                        fallback=|| view! { <span class="hint">"Deleting needs " {DELETE_ORG_NOTES} "."</span> }
                    >
                        {delete_form.clone()}
                    </Protect>
                }
                .into_any()
            } else {
                delete_form().into_any()
            }}
        </li>
    }
}
