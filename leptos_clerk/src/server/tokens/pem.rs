//! PEM RSA public keys: SPKI (`PUBLIC KEY`) and PKCS#1 (`RSA PUBLIC KEY`), read by
//! `jsonwebtoken`. (Clerk's JS strips a fixed 2048-bit prefix instead; this parses.)

use jsonwebtoken::DecodingKey;

/// Parses a PEM public key, forgiving what `.env` files do to it: `\n` written literally,
/// surrounding quotes or whitespace, or the armor left out.
pub(crate) fn parse(pem: &str) -> Result<DecodingKey, &'static str> {
    let text = pem
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .replace("\\n", "\n");
    let text = text.trim();
    if text.is_empty() {
        return Err("it is empty");
    }
    if text.contains("-----BEGIN RSA PUBLIC KEY-----") {
        return DecodingKey::from_rsa_pem(text.as_bytes())
            .map_err(|_| "the PKCS#1 key could not be read");
    }
    if text.contains("-----BEGIN PUBLIC KEY-----") {
        return DecodingKey::from_rsa_pem(text.as_bytes())
            .map_err(|_| "the public key could not be read, or is not RSA");
    }
    if text.contains("-----BEGIN") {
        return Err("it is not a public key (a private key or certificate?)");
    }
    let body: String = text.split_whitespace().collect();
    let armored = format!("-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----\n");
    DecodingKey::from_rsa_pem(armored.as_bytes()).map_err(|_| "it is neither PEM nor base64 SPKI")
}
