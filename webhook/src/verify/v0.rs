//! Slack's `v0` request signing, which Zoom copied: `v0=<hex>`, the lowercase hex
//! HMAC-SHA256 of `v0:{timestamp}:{body}`, the timestamp exactly as its header
//! writes it.

use super::signature::{match_hmac, Encoding, HmacSha256, SignatureFormat};
use super::{hmac_sha256, Verified, VerifyContext, VerifyError};

/// How the signature header is written.
pub(crate) const FORMAT: SignatureFormat = SignatureFormat::new("v0=", Encoding::Hex);

/// The signed bytes, in parts.
#[inline]
fn signed<'a>(timestamp_text: &'a str, body: &'a [u8]) -> [&'a [u8]; 4] {
    [b"v0:", timestamp_text.as_bytes(), b":", body]
}

/// The first configured secret with which `body`, sent at `timestamp_text`, was
/// signed as `signature`.
#[inline]
pub(crate) fn match_secret(
    context: &VerifyContext<'_>,
    signature: [u8; 32],
    timestamp_text: &str,
    body: &[u8],
) -> Result<Verified, VerifyError> {
    match_hmac::<HmacSha256, 32>(context, &[signature], &signed(timestamp_text, body))
}

/// The signature header for `body` sent at `timestamp_text`, keyed with `secret`.
pub(crate) fn sign(secret: &[u8], timestamp_text: &str, body: &[u8]) -> String {
    FORMAT.encode(&hmac_sha256(secret, &signed(timestamp_text, body)))
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::secret::Secret;

    // SL-1: Slack's "Verifying requests from Slack" documentation.
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const TIMESTAMP: &str = "1531420618";
    const SIGNATURE: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    const BODY: &[u8] = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    #[test]
    fn signs_and_matches_the_documented_vector() {
        assert_eq!(sign(SECRET.as_bytes(), TIMESTAMP, BODY), SIGNATURE);
        let signature = FORMAT.decode::<32>(SIGNATURE).unwrap();
        let secrets = [Secret::new("old"), Secret::new(SECRET)];
        let context = VerifyContext {
            secrets: &secrets,
            tolerance: None,
            now: UNIX_EPOCH,
            public_url: None,
        };
        let matched = match_secret(&context, signature, TIMESTAMP, BODY);
        assert_eq!(matched, Ok(Verified { secret_index: 1 }));
        let other_time = match_secret(&context, signature, "1531420619", BODY);
        assert_eq!(other_time, Err(VerifyError::Mismatch));
    }
}
