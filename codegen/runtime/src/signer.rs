//! Fireblocks request signing (feature `fireblocks-signer`).

use crate::*;
use std::fmt;

/// Signs every request the way the Fireblocks API expects: `X-API-Key`, and
/// `Authorization: Bearer <JWT>` signed RS256 with the caller's private key,
/// with the claims `uri` (path and query as sent), `nonce` (unique per
/// attempt), `iat`, `exp` (`iat` + 25 s), `sub` (the API key) and `bodyHash`
/// (hex SHA-256 of the exact body bytes). Install it with
/// [`Config::request_hook`]; it works whatever the spec's `security` says.
pub struct FireblocksSigner {
    api_key: String,
    key: jsonwebtoken::EncodingKey,
}

impl FireblocksSigner {
    /// `private_key_pem`: the RSA private key (PKCS#1 or PKCS#8 PEM) that
    /// belongs to `api_key`.
    /// The key is checked here, by signing a probe token: a public key, or
    /// PEM whose content is not a usable RSA private key, is refused now
    /// rather than on the first request.
    pub fn new(api_key: impl Into<String>, private_key_pem: &[u8]) -> Result<Self, ConfigError> {
        let invalid = |e: jsonwebtoken::errors::Error| ConfigError::InvalidCredential {
            reason: format!("not an RSA private key in PEM form: {e}"),
        };
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(private_key_pem).map_err(invalid)?;
        let signer = FireblocksSigner {
            api_key: api_key.into(),
            key,
        };
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &serde_json::json!({ "probe": true }),
            &signer.key,
        )
        .map_err(invalid)?;
        Ok(signer)
    }

    /// The JWT for one request.
    pub fn token(
        &self,
        path_and_query: &str,
        body: &[u8],
        now: i64,
    ) -> Result<String, InvalidRequest> {
        use sha2::Digest;
        let body_hash: String = sha2::Sha256::digest(body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let claims = serde_json::json!({
            "uri": path_and_query,
            "nonce": uuid::Uuid::new_v4().to_string(),
            "iat": now,
            "exp": now + 25,
            "sub": self.api_key,
            "bodyHash": body_hash,
        });
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
            &claims,
            &self.key,
        )
        .map_err(|e| InvalidRequest::new("Authorization", format!("cannot sign the request: {e}")))
    }
}

impl fmt::Debug for FireblocksSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FireblocksSigner { api_key: <redacted>, key: <redacted> }")
    }
}

impl RequestHook for FireblocksSigner {
    fn on_request(&self, request: &mut OutgoingRequest<'_>) -> Result<(), InvalidRequest> {
        let token = self.token(
            &request.path_and_query,
            request.body,
            chrono::Utc::now().timestamp(),
        )?;
        let mut key = header_value("X-API-Key", &self.api_key)?;
        key.set_sensitive(true);
        let mut bearer = header_value("Authorization", &format!("Bearer {token}"))?;
        bearer.set_sensitive(true);
        request.headers.insert("x-api-key", key);
        request
            .headers
            .insert(reqwest::header::AUTHORIZATION, bearer);
        Ok(())
    }
}
