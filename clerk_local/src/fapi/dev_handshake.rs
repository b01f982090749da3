//! The handshake of a development instance. Clerk's development Frontend API lives on another
//! domain than the app, so it cannot set cookies there: it sends the browser back with the
//! signed directives in the address bar (`__clerk_handshake`, whatever `format` the server
//! asked for) and the dev browser beside them (`__clerk_db_jwt`). The directives also set the
//! `__clerk_db_jwt` cookie, which is how a server moves a dev browser from a URL into a cookie
//! (`dev-browser-sync`); a server that had none to send (`dev-browser-missing`) gets a new one.
//! The server applies the directives and redirects to the address without them.

use url::Url;

use crate::clock::now_ms;
use crate::constants::{DEV_BROWSER_PARAM, HANDSHAKE_PARAM};
use crate::instance::Instance;
use crate::reply::{ApiError, Reply};
use crate::tokens;

use super::handshake::session_directives;
use super::FapiRequest;

pub(super) fn answer(
    instance: &Instance,
    req: &FapiRequest,
    mut back: Url,
    suffixed: bool,
) -> Result<Reply, ApiError> {
    let now = now_ms();
    let (dev_browser, mut directives) = instance.store.update(|state| {
        let known = req
            .client_token()
            .filter(|token| state.client(token).is_some());
        let dev_browser = match known {
            Some(token) => token.to_owned(),
            None => state.create_dev_browser(now).token.clone(),
        };
        let client = state.client(&dev_browser);
        let directives = session_directives(instance, state, req, client, suffixed, now);
        Ok::<_, ApiError>((dev_browser, directives))
    })?;
    directives.extend(instance.cookies.dev_browser(&dev_browser, suffixed));
    let token = tokens::handshake_token(&instance.keys, &directives);
    back.query_pairs_mut()
        .append_pair(HANDSHAKE_PARAM, &token)
        .append_pair(DEV_BROWSER_PARAM, &dev_browser);
    Ok(Reply::redirect(back.into()))
}
