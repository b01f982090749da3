//! `/v1/clients` endpoints: the handshake payload.

use serde::{Deserialize, Serialize};

use super::{Call, ClerkClient, ClerkError};

/// The clients endpoints; get it with [`ClerkClient::clients`].
#[derive(Clone, Copy, Debug)]
pub struct ClientsApi<'a> {
    pub(super) client: &'a ClerkClient,
}

/// What a handshake nonce stands for: the `Set-Cookie` directives to apply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandshakePayload {
    /// `Set-Cookie` values, e.g. `__session=…; Path=/; …`.
    #[serde(default)]
    pub directives: Vec<String>,
}

impl ClientsApi<'_> {
    /// `GET /v1/clients/handshake_payload?nonce=…`: exchanges the nonce a handshake came back
    /// with for its cookies (what `ClerkLayer` does on the way back from a handshake).
    pub async fn handshake_payload(&self, nonce: &str) -> Result<HandshakePayload, ClerkError> {
        if nonce.trim().is_empty() {
            return Err(ClerkError::InvalidArgument("the handshake nonce is empty"));
        }
        let segments = ["clients", "handshake_payload"];
        self.client
            .json(Call::new(http::Method::GET, &segments).query("nonce", nonce))
            .await
    }
}
