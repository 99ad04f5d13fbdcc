//! Configured keys: `whsec_…` HMAC secrets and `whpk_…` Ed25519 public keys, told apart
//! by a tag byte in the stored [`Secret`].

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::VerifyingKey;

use crate::secret::Secret;

/// Tag of a symmetric (`v1`) secret: the base64-decoded key bytes follow.
const SYMMETRIC: u8 = b's';
/// Tag of an Ed25519 (`v1a`) public key: its 32 bytes follow.
const PUBLIC_KEY: u8 = b'p';

/// One configured key, decoded.
pub(super) enum Key<'a> {
    /// An HMAC-SHA256 key, checked against `v1` signatures.
    Symmetric(&'a [u8]),
    /// An Ed25519 public key, checked against `v1a` signatures.
    PublicKey(VerifyingKey),
}

/// `whpk_<base64>` → a public key; `whsk_…` is refused (a receiver holds the public
/// key only); anything else is a symmetric secret: `whsec_` (optional, as the SDKs
/// allow) stripped and the rest base64-decoded.
pub(super) fn decode(text: &str) -> Result<Secret, String> {
    if let Some(public) = text.strip_prefix("whpk_") {
        let bytes = STANDARD
            .decode(public)
            .map_err(|_| "the `whpk_` public key is not valid base64".to_owned())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "the `whpk_` public key is not 32 bytes".to_owned())?;
        VerifyingKey::from_bytes(&bytes)
            .map_err(|_| "the `whpk_` public key is not a valid Ed25519 key".to_owned())?;
        return Ok(tagged(PUBLIC_KEY, &bytes));
    }
    if text.starts_with("whsk_") {
        return Err(
            "a `whsk_` signing key was configured; configure its `whpk_` public key instead"
                .to_owned(),
        );
    }
    let encoded = text.strip_prefix("whsec_").unwrap_or(text);
    let bytes = STANDARD
        .decode(encoded)
        .map_err(|_| "the secret is not `whsec_` followed by base64".to_owned())?;
    if bytes.is_empty() {
        return Err("the secret is empty".to_owned());
    }
    Ok(tagged(SYMMETRIC, &bytes))
}

fn tagged(tag: u8, key: &[u8]) -> Secret {
    let mut bytes = Vec::with_capacity(key.len() + 1);
    bytes.push(tag);
    bytes.extend_from_slice(key);
    Secret::new(bytes)
}

/// The key a stored secret holds; `None` for bytes [`decode`] never produces.
pub(super) fn key(secret: &Secret) -> Option<Key<'_>> {
    match secret.expose().split_first()? {
        (&SYMMETRIC, key) => Some(Key::Symmetric(key)),
        (&PUBLIC_KEY, key) => {
            let bytes: &[u8; 32] = key.try_into().ok()?;
            VerifyingKey::from_bytes(bytes).ok().map(Key::PublicKey)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_decode_by_prefix() {
        let symmetric = decode("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert!(matches!(key(&symmetric), Some(Key::Symmetric(k)) if k.len() == 24));
        let bare = decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(bare, symmetric);
        let public = decode("whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=").unwrap();
        assert!(matches!(key(&public), Some(Key::PublicKey(_))));
    }

    #[test]
    fn bad_secrets_are_build_errors_without_echoing_them() {
        for bad in [
            "whsec_not base64!",
            "whsec_",
            "whpk_AAAA",
            "whpk_%%%",
            "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=",
        ] {
            let error = decode(bad).unwrap_err();
            assert!(!error.contains(&bad[5..]) || bad.len() <= 6, "{error}");
        }
        assert!(key(&Secret::new(*b"x")).is_none());
    }
}
