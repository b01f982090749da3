//! Where a development primary may send a satellite's sync answer (`__clerk_redirect_url`). The
//! answer carries the visitor's dev-browser token, so a target the instance does not know would
//! hand that token to anyone who crafts a link. `@clerk/backend` redirects to any URL; we accept
//! only an http(s) URL on the request's own origin, on an origin in `authorized_parties`, or on
//! the configured `domain`, and otherwise ignore the parameter.

use url::Url;

use super::context::{origin, Context};
use crate::server::config::ClerkConfig;

/// The parsed target, when the instance may redirect there with the dev-browser token.
pub(super) fn trusted(ctx: &Context<'_>, config: &ClerkConfig, raw: &str) -> Option<Url> {
    let target = Url::parse(raw).ok()?;
    if !matches!(target.scheme(), "http" | "https") || target.host_str().is_none() {
        return None;
    }
    // `https://app@evil` has the origin of `evil`; a target with credentials is never ours.
    if !target.username().is_empty() || target.password().is_some() {
        return None;
    }
    let target_origin = origin(&target);
    let own = origin(ctx.clerk_url()) == target_origin;
    let authorized = config
        .authorized_parties
        .iter()
        .filter_map(|party| Url::parse(party).ok())
        .any(|party| origin(&party) == target_origin);
    let host = target.host_str().unwrap_or_default();
    let host_and_port = target.port().map(|port| format!("{host}:{port}"));
    let configured_domain = config
        .domain
        .as_deref()
        .is_some_and(|domain| domain == host || host_and_port.as_deref() == Some(domain));
    if !(own || authorized || configured_domain) {
        // Otherwise a development satellite that is not listed just never syncs, silently. (A
        // crafted link costs one line, as any request does at `info`; the origin is parsed.)
        tracing::warn!(
            "leptos_clerk: ignoring a satellite sync to {target_origin}: not this origin, \
             CLERK_DOMAIN or one of CLERK_AUTHORIZED_PARTIES (add the satellite's origin there)"
        );
        return None;
    }
    Some(target)
}
