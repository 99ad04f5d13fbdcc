//! Meta's configured keys: app secrets and `verify_token:` handshake tokens, told apart
//! by a tag byte in the stored [`Secret`] (as `standard_webhooks` tells its key kinds
//! apart).

use crate::secret::Secret;

/// The prefix that marks a configured item as a verify token.
pub(super) const VERIFY_TOKEN_PREFIX: &str = "verify_token:";
/// Tag of an app secret: its UTF-8 bytes follow.
const APP_SECRET: u8 = b'a';
/// Tag of a verify token: its UTF-8 bytes follow.
const VERIFY_TOKEN: u8 = b't';

/// One configured key.
pub(super) enum Key<'a> {
    /// An app secret, the HMAC key of notifications.
    AppSecret(&'a [u8]),
    /// A verify token, accepted by the `GET` handshake.
    VerifyToken(&'a [u8]),
}

/// `verify_token:<token>` → a verify token; anything else → an app secret.
pub(super) fn decode(text: &str) -> Result<Secret, String> {
    let (tag, value) = match text.strip_prefix(VERIFY_TOKEN_PREFIX) {
        Some(token) => (VERIFY_TOKEN, token),
        None => (APP_SECRET, text),
    };
    if value.is_empty() {
        return Err(match tag {
            VERIFY_TOKEN => "the `verify_token:` item has no token after the colon".to_owned(),
            _ => "the app secret is empty".to_owned(),
        });
    }
    let mut bytes = Vec::with_capacity(value.len() + 1);
    bytes.push(tag);
    bytes.extend_from_slice(value.as_bytes());
    Ok(Secret::new(bytes))
}

/// What a stored key is; `None` for bytes `decode` did not make.
pub(super) fn key(secret: &Secret) -> Option<Key<'_>> {
    match secret.expose().split_first()? {
        (&APP_SECRET, rest) => Some(Key::AppSecret(rest)),
        (&VERIFY_TOKEN, rest) => Some(Key::VerifyToken(rest)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_tokens_from_app_secrets() {
        let secret = decode("abc123").unwrap();
        assert!(matches!(key(&secret), Some(Key::AppSecret(b"abc123"))));
        let token = decode("verify_token:my-token").unwrap();
        assert!(matches!(key(&token), Some(Key::VerifyToken(b"my-token"))));
        assert!(decode("verify_token:").is_err());
        assert!(decode("").is_err());
        assert!(key(&Secret::new("x")).is_none());
    }
}
