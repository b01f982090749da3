//! The app's JSON API: plain axum handlers for browsers, curl and other services, authenticated
//! by `ClerkLayer` from the `__session` cookie or an `Authorization: Bearer` session token, or
//! with one of the user's API keys (`viewer.rs`); `/api/stats` takes M2M tokens instead, from
//! the app's other services.
//!
//! ```sh
//! curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/me
//! ```
//!
//! Signed out is `401` with a JSON body, never a redirect: an API client cannot follow one to a
//! sign-in page.

mod error;
mod stats;
mod viewer;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use leptos_clerk::server::Auth;
use serde::{Deserialize, Serialize};

use super::db::Db;
use super::notes::{self, Audience, NotesError};
use super::state::AppState;
use super::users::{self, UserRow};
use crate::notes::{Note, NoteDraft, NotePatch, NOTES_PER_PAGE};
pub use error::ApiError;
pub use viewer::SignedIn;

/// `/api/me`, `/api/notes…`, and `/api/stats` for other services.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/me", get(me))
        .route("/api/stats", get(stats::stats))
        .route("/api/notes", get(list_notes).post(create_note))
        .route(
            "/api/notes/{id}",
            get(get_note).patch(update_note).delete(delete_note),
        )
        // Anything else under /api is a JSON 404, not the app's HTML page.
        .route("/api", axum::routing::any(no_such_route))
        .route("/api/{*rest}", axum::routing::any(no_such_route))
        // A method a route does not take: JSON as well (axum still adds `Allow`).
        .method_not_allowed_fallback(method_not_allowed)
}

async fn no_such_route() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such API route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this route does not take that method",
    )
}

/// What `GET /api/me` answers.
#[derive(Serialize)]
struct Me {
    user_id: String,
    session_id: Option<String>,
    org_id: Option<String>,
    org_role: Option<String>,
    org_permissions: Vec<String>,
    /// The `users` row the webhooks keep; `null` until the first `user.*` event arrives.
    user: Option<UserRow>,
}

/// Who the token belongs to, and the app's own row for them.
async fn me(
    State(db): State<Db>,
    SignedIn(viewer): SignedIn,
    auth: Auth,
) -> Result<Json<Me>, ApiError> {
    let user = users::find(&db, &viewer.user_id).await?;
    Ok(Json(Me {
        user_id: viewer.user_id,
        session_id: auth.session_id().map(str::to_owned),
        org_id: auth.org_id().map(str::to_owned),
        org_role: auth.org_role(),
        org_permissions: auth.org_permissions().unwrap_or_default(),
        user,
    }))
}

/// The body of `POST /api/notes`.
#[derive(Deserialize)]
struct NewNote {
    #[serde(flatten)]
    draft: NoteDraft,
    /// Share with the active organization.
    #[serde(default)]
    shared: Option<bool>,
    /// Share with this organization, refused (409) unless it is the active one: say which one
    /// the user chose when another tab may have switched it since.
    #[serde(default)]
    org_id: Option<String>,
}

/// The query of `GET /api/notes`.
#[derive(Deserialize)]
struct ListQuery {
    /// The `older` cursor of the page before (from its `Link: <…>; rel="next"`).
    before: Option<String>,
    limit: Option<usize>,
}

/// A page of notes, newest first; a `Link` header with `rel="next"` points to the next.
async fn list_notes(
    State(db): State<Db>,
    SignedIn(viewer): SignedIn,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<(HeaderMap, Json<Vec<Note>>), ApiError> {
    let Query(query) = query?;
    let limit = query.limit.unwrap_or(NOTES_PER_PAGE);
    let page = notes::list(&db, &viewer, query.before.as_deref(), limit).await?;
    let mut headers = HeaderMap::new();
    if let Some(older) = &page.older {
        // A page with an older one after it is full: its length is the limit the store used.
        let limit = page.notes.len();
        let link = format!("</api/notes?before={older}&limit={limit}>; rel=\"next\"");
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    Ok((headers, Json(page.notes)))
}

async fn create_note(
    State(db): State<Db>,
    SignedIn(viewer): SignedIn,
    body: Result<Json<NewNote>, JsonRejection>,
) -> Result<
    (
        StatusCode,
        [(header::HeaderName, HeaderValue); 1],
        Json<Note>,
    ),
    ApiError,
> {
    let Json(new) = body?;
    let audience = match (&new.org_id, new.shared) {
        (Some(_), Some(false)) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "\"org_id\" shares the note: it cannot come with \"shared\": false",
            ))
        }
        (Some(org_id), _) => Audience::Organization(org_id),
        (None, Some(true)) => Audience::ActiveOrganization,
        (None, _) => Audience::Personal,
    };
    let note = notes::create(&db, &viewer, new.draft, audience).await?;
    let location = HeaderValue::from_str(&format!("/api/notes/{}", note.id)).map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "a note id not fit for a URL",
        )
    })?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(note),
    ))
}

async fn get_note(
    State(db): State<Db>,
    SignedIn(viewer): SignedIn,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Note>, ApiError> {
    let Path(id) = id?;
    Ok(Json(notes::get(&db, &viewer, &id).await?))
}

async fn update_note(
    State(db): State<Db>,
    SignedIn(viewer): SignedIn,
    id: Result<Path<String>, PathRejection>,
    body: Result<Json<NotePatch>, JsonRejection>,
) -> Result<Json<Note>, ApiError> {
    let Path(id) = id?;
    let Json(patch) = body?;
    Ok(Json(notes::update(&db, &viewer, &id, patch).await?))
}

async fn delete_note(
    State(db): State<Db>,
    SignedIn(viewer): SignedIn,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path(id) = id?;
    notes::delete(&db, &viewer, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

impl From<NotesError> for ApiError {
    fn from(error: NotesError) -> Self {
        ApiError::new(error.status(), error.public_message())
    }
}
