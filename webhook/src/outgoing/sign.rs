//! Standard Webhooks signatures for outgoing messages: the headers `webhook-id`,
//! `webhook-timestamp` and `webhook-signature` (or their `svix-*` names).
//!
//! ```
//! use webhook::outgoing::sign::{self, HeaderNames, SigningKey};
//!
//! let key: SigningKey = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".parse()?;
//! let body = br#"{"test": 2432232314}"#;
//! let signature = sign::signature(&[key], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)?;
//! assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
//! # Ok::<(), webhook::outgoing::sign::SignError>(())
//! ```
//!
//! Facts from the Standard Webhooks specification (`spec/standard-webhooks.md`):
//!
//! - the signed bytes are `{webhook-id}.{webhook-timestamp}.{body}`, the timestamp in
//!   Unix seconds, the body exactly as sent;
//! - `v1,<base64>` is HMAC-SHA256 keyed with the bytes a `whsec_<base64>` secret
//!   decodes to; `v1a,<base64>` is an Ed25519 signature by a `whsk_<base64 of the
//!   32-byte seed>` key, which receivers check with its `whpk_` public key
//!   ([`SigningKey::public_key`]);
//! - the header holds one space-separated item per key, so while an endpoint's secret
//!   is rotated the old and new ones both sign and a receiver holding either accepts;
//! - the id is the same on every attempt of a message, so receivers can deduplicate.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::Signer as _;
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::secret::Secret;
use crate::verify::hmac_sha256;

/// One key a sender signs with: a `whsec_` secret (`v1`) or a `whsk_` Ed25519 signing
/// key (`v1a`). Its `Debug` is redacted and it has no `Display`.
#[derive(Clone)]
pub struct SigningKey(Key);

#[derive(Clone)]
enum Key {
    Hmac(Secret),
    Ed25519(Box<ed25519_dalek::SigningKey>),
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Key::Hmac(_) => f.write_str("SigningKey::Hmac(<redacted>)"),
            Key::Ed25519(_) => f.write_str("SigningKey::Ed25519(<redacted>)"),
        }
    }
}

/// Bytes in a generated `whsec_` secret (the spec asks for 24 to 64).
const GENERATED_SECRET_BYTES: usize = 32;

impl SigningKey {
    /// A new random `whsec_` secret.
    pub fn generate_secret() -> Result<Self, SignError> {
        let mut bytes = [0u8; GENERATED_SECRET_BYTES];
        getrandom::getrandom(&mut bytes).map_err(|_| SignError::NoRandomness)?;
        Ok(SigningKey(Key::Hmac(Secret::new(bytes))))
    }

    /// A new random `whsk_` Ed25519 signing key.
    pub fn generate_ed25519() -> Result<Self, SignError> {
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed).map_err(|_| SignError::NoRandomness)?;
        Ok(SigningKey(Key::Ed25519(Box::new(
            ed25519_dalek::SigningKey::from_bytes(&seed),
        ))))
    }

    /// The key as text (`whsec_…` or `whsk_…`), to store it or hand it to the endpoint's
    /// owner. Named so that every place a key is shown stands out.
    pub fn expose_text(&self) -> String {
        match &self.0 {
            Key::Hmac(secret) => format!("whsec_{}", STANDARD.encode(secret.expose())),
            Key::Ed25519(key) => format!("whsk_{}", STANDARD.encode(key.to_bytes())),
        }
    }

    /// For a `whsk_` key, the `whpk_…` public key receivers verify with; `None` for a
    /// `whsec_` secret, which the receiver holds itself.
    pub fn public_key(&self) -> Option<String> {
        match &self.0 {
            Key::Hmac(_) => None,
            Key::Ed25519(key) => Some(format!(
                "whpk_{}",
                STANDARD.encode(key.verifying_key().as_bytes())
            )),
        }
    }

    /// The signature item for one message: `v1,<base64>` or `v1a,<base64>`.
    fn item(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let prefix = format!("{id}.{timestamp}.");
        match &self.0 {
            Key::Hmac(secret) => {
                let digest = hmac_sha256(secret.expose(), &[prefix.as_bytes(), body]);
                format!("v1,{}", STANDARD.encode(digest))
            }
            Key::Ed25519(key) => {
                let mut message = Vec::with_capacity(prefix.len() + body.len());
                message.extend_from_slice(prefix.as_bytes());
                message.extend_from_slice(body);
                format!("v1a,{}", STANDARD.encode(key.sign(&message).to_bytes()))
            }
        }
    }
}

impl FromStr for SigningKey {
    type Err = SignError;

    /// `whsec_<base64>` or `whsk_<base64 of a 32-byte seed>`. The message of an error
    /// never repeats the text.
    fn from_str(text: &str) -> Result<Self, SignError> {
        let text = text.trim();
        if let Some(encoded) = text.strip_prefix("whsec_") {
            let bytes = STANDARD
                .decode(encoded)
                .map_err(|_| SignError::BadKey("the `whsec_` secret is not valid base64"))?;
            if bytes.is_empty() {
                return Err(SignError::BadKey("the `whsec_` secret is empty"));
            }
            return Ok(SigningKey(Key::Hmac(Secret::new(bytes))));
        }
        if let Some(encoded) = text.strip_prefix("whsk_") {
            let seed: [u8; 32] = STANDARD
                .decode(encoded)
                .ok()
                .and_then(|bytes| bytes.try_into().ok())
                .ok_or(SignError::BadKey(
                    "the `whsk_` signing key is not base64 of 32 bytes",
                ))?;
            return Ok(SigningKey(Key::Ed25519(Box::new(
                ed25519_dalek::SigningKey::from_bytes(&seed),
            ))));
        }
        if text.starts_with("whpk_") {
            return Err(SignError::BadKey(
                "a `whpk_` public key only verifies: sign with its `whsk_` signing key",
            ));
        }
        Err(SignError::BadKey(
            "a signing key starts with `whsec_` (HMAC secret) or `whsk_` (Ed25519 signing key)",
        ))
    }
}

/// Which names the three headers go by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderNames {
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature`.
    #[default]
    Standard,
    /// `svix-id`, `svix-timestamp`, `svix-signature`, for receivers built on the Svix
    /// libraries' older releases.
    Svix,
}

impl HeaderNames {
    /// The id, timestamp and signature header names.
    pub fn names(self) -> [HeaderName; 3] {
        let [id, timestamp, signature] = match self {
            HeaderNames::Standard => ["webhook-id", "webhook-timestamp", "webhook-signature"],
            HeaderNames::Svix => ["svix-id", "svix-timestamp", "svix-signature"],
        };
        [
            HeaderName::from_static(id),
            HeaderName::from_static(timestamp),
            HeaderName::from_static(signature),
        ]
    }
}

/// The `webhook-signature` value: one item per key, space-separated, in `keys`' order.
pub fn signature(
    keys: &[SigningKey],
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<String, SignError> {
    check_id(id)?;
    if keys.is_empty() {
        return Err(SignError::NoKeys);
    }
    let items: Vec<String> = keys
        .iter()
        .map(|key| key.item(id, timestamp, body))
        .collect();
    Ok(items.join(" "))
}

/// Sets the three headers of a signed message on `headers`, replacing any already there.
pub fn insert_headers(
    headers: &mut HeaderMap,
    names: HeaderNames,
    keys: &[SigningKey],
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<(), SignError> {
    let signature = signature(keys, id, timestamp, body)?;
    let [id_name, timestamp_name, signature_name] = names.names();
    let value = |text: String| HeaderValue::try_from(text).map_err(|_| SignError::BadId);
    headers.insert(id_name, value(id.to_owned())?);
    headers.insert(timestamp_name, HeaderValue::from(timestamp));
    headers.insert(signature_name, value(signature)?);
    Ok(())
}

/// A fresh message id, `msg_` and 32 hex digits of randomness.
pub fn new_message_id() -> Result<String, SignError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|_| SignError::NoRandomness)?;
    Ok(format!("msg_{}", hex::encode(bytes)))
}

/// Ids go in a header and in the signed bytes: printable ASCII without spaces.
fn check_id(id: &str) -> Result<(), SignError> {
    let printable = id.bytes().all(|byte| byte.is_ascii_graphic());
    if id.is_empty() || !printable {
        return Err(SignError::BadId);
    }
    Ok(())
}

/// Why a message could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The key text is not a signing key (the message never repeats it).
    #[error("{0}")]
    BadKey(&'static str),
    /// No key to sign with.
    #[error("no signing key: give the endpoint at least one `whsec_` or `whsk_` key")]
    NoKeys,
    /// The message id is empty or has spaces or control characters.
    #[error("the message id must be non-empty printable ASCII without spaces (like msg_2b6f…)")]
    BadId,
    /// The system's random source failed.
    #[error("the system's random number source is unavailable")]
    NoRandomness,
}

#[cfg(test)]
mod tests;
