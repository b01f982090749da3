//! `/v1/users/{id}/metadata` and `/v1/organizations/{id}/metadata`: `PATCH` deep-merges
//! (`updateUserMetadata`, `updateOrganizationMetadata`), `PUT` replaces each object sent whole
//! (`replaceUserMetadata`, `replaceOrganizationMetadata`, and the deprecated metadata form of
//! `updateUser`). Objects not sent stay as they were.

use serde_json::Value;

use crate::clock::now_ms;
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};

use super::request::{merge, BapiRequest};
use super::{organizations, users};

#[derive(Clone, Copy)]
pub(super) enum Write {
    Merge,
    Replace,
}

impl Write {
    fn apply(self, target: &mut Value, sent: Option<Value>) {
        match (self, sent) {
            (_, None) => {}
            (Self::Merge, Some(patch)) => merge(target, patch),
            (Self::Replace, Some(value)) => *target = value,
        }
    }
}

pub(super) fn user(
    instance: &Instance,
    req: &BapiRequest,
    id: &str,
    write: Write,
) -> Result<Reply, ApiError> {
    let [public, private, unsafe_] = [
        req.object("public_metadata")?,
        req.object("private_metadata")?,
        req.object("unsafe_metadata")?,
    ];
    users::change(instance, id, |user| {
        write.apply(&mut user.public_metadata, public);
        write.apply(&mut user.private_metadata, private);
        write.apply(&mut user.unsafe_metadata, unsafe_);
    })
}

pub(super) fn organization(
    instance: &Instance,
    req: &BapiRequest,
    id: &str,
    write: Write,
) -> Result<Reply, ApiError> {
    let [public, private] = [
        req.object("public_metadata")?,
        req.object("private_metadata")?,
    ];
    let now = now_ms();
    let organization = instance.update_announcing(|state, events| {
        let org = state
            .organizations
            .iter_mut()
            .find(|o| o.id == id || o.slug == id)
            .ok_or_else(|| ApiError::not_found("Organization"))?;
        write.apply(&mut org.public_metadata, public);
        write.apply(&mut org.private_metadata, private);
        org.updated_at = now;
        let org_id = org.id.clone();
        organizations::updated_organization(state, &org_id, events)
    })?;
    Ok(Reply::json(organization))
}
