//! The body's `signature` object: hex HMAC-SHA256 of `timestamp + token`.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::provider::RawRequest;
use crate::verify::signature::{match_hmac, Encoding, HmacSha256};
use crate::verify::{parse_digits, Verified, VerifyContext, VerifyError};

/// The body object verification reads; named in errors.
pub(super) const SIGNATURE_FIELD: &str = "signature";

/// `signature` of the body, borrowed.
#[derive(Deserialize)]
pub(super) struct SignatureFields<'a> {
    /// A string of digits (a number is tolerated).
    #[serde(borrow)]
    pub(super) timestamp: &'a RawValue,
    #[serde(borrow)]
    pub(super) token: Cow<'a, str>,
    #[serde(borrow)]
    pub(super) signature: Cow<'a, str>,
}

impl<'a> SignatureFields<'a> {
    /// The timestamp's digits as sent (the signed text) and their value.
    pub(super) fn timestamp(&self) -> Option<(&'a str, i64)> {
        let raw = self.timestamp.get();
        let digits = raw
            .strip_prefix('"')
            .and_then(|inner| inner.strip_suffix('"'))
            .unwrap_or(raw);
        Some((digits, parse_digits(digits)?))
    }
}

#[derive(Deserialize)]
struct SignatureOnly<'a> {
    #[serde(borrow, default)]
    signature: Option<SignatureFields<'a>>,
}

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let SignatureOnly { signature } = serde_json::from_slice(request.body)
        .map_err(|_| VerifyError::MalformedHeader(SIGNATURE_FIELD))?;
    let fields = signature.ok_or(VerifyError::MissingHeader(SIGNATURE_FIELD))?;
    let (timestamp_text, timestamp) = fields
        .timestamp()
        .ok_or(VerifyError::MalformedHeader(SIGNATURE_FIELD))?;
    let expected = Encoding::Hex
        .decode::<32>(&fields.signature)
        .ok_or(VerifyError::MalformedHeader(SIGNATURE_FIELD))?;
    let signed = [timestamp_text.as_bytes(), fields.token.as_bytes()];
    let verified = match_hmac::<HmacSha256, 32>(context, &[expected], &signed)?;
    context.check_within(timestamp)?;
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vector MG-1 of shared/test-vectors.md (computed from the documented scheme).
    const KEY: &str = "key-mailgun-signing-key";
    const TS: u64 = 1_700_000_000;
    const TOKEN: &str = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";
    const MG1: &str = "065bb50188c88a371d4df8a371c499a8828b94bc4f7b5553b5adaf33af3b94e4";

    fn body(timestamp: &str, token: &str, signature: &str) -> String {
        format!(
            r#"{{"signature":{{"timestamp":{timestamp},"token":"{token}","signature":"{signature}"}},"event-data":{{"event":"delivered","id":"ev_1"}}}}"#
        )
    }

    fn check(body: &str, keys: &[&str], now: u64) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint::new(keys, Some(300), now);
        fixture::run(
            verify,
            "/",
            &[] as &[(&str, &str)],
            body.as_bytes(),
            &endpoint,
        )
    }

    #[test]
    fn published_vector_passes_with_a_string_or_number_timestamp() {
        let mg1 = body("\"1700000000\"", TOKEN, MG1);
        assert_eq!(check(&mg1, &[KEY], TS + 30).unwrap().secret_index, 0);
        assert_eq!(check(&mg1, &["new", KEY], TS).unwrap().secret_index, 1);
        assert!(check(&body("1700000000", TOKEN, MG1), &[KEY], TS).is_ok());
    }

    #[test]
    fn wrong_key_other_token_and_timestamps_out_of_the_window_fail() {
        let mg1 = body("\"1700000000\"", TOKEN, MG1);
        assert_eq!(check(&mg1, &["wrong"], TS), Err(VerifyError::Mismatch));
        let other_token = body("\"1700000000\"", &TOKEN.replace('a', "b"), MG1);
        assert_eq!(check(&other_token, &[KEY], TS), Err(VerifyError::Mismatch));
        let other_time = body("\"1700000001\"", TOKEN, MG1);
        assert_eq!(check(&other_time, &[KEY], TS), Err(VerifyError::Mismatch));
        assert!(matches!(
            check(&mg1, &[KEY], TS + 301),
            Err(VerifyError::Stale { .. })
        ));
        assert!(matches!(
            check(&mg1, &[KEY], TS - 301),
            Err(VerifyError::Future { ahead_secs: 301, .. })
        ));
    }

    #[test]
    fn event_data_is_not_signed() {
        // Documented weakness of the scheme: the same signature passes with other data.
        let forged = body("\"1700000000\"", TOKEN, MG1).replace("delivered", "complained");
        assert!(check(&forged, &[KEY], TS).is_ok());
    }

    #[test]
    fn missing_or_malformed_signature_object() {
        let cases = [
            (
                "not json".to_owned(),
                VerifyError::MalformedHeader(SIGNATURE_FIELD),
            ),
            (
                r#"{"event-data":{}}"#.to_owned(),
                VerifyError::MissingHeader(SIGNATURE_FIELD),
            ),
            (
                r#"{"signature":{"timestamp":"1700000000","token":"t"}}"#.to_owned(),
                VerifyError::MalformedHeader(SIGNATURE_FIELD),
            ),
            (
                body("\"17e8\"", TOKEN, MG1),
                VerifyError::MalformedHeader(SIGNATURE_FIELD),
            ),
            (
                body("\"\"", TOKEN, MG1),
                VerifyError::MalformedHeader(SIGNATURE_FIELD),
            ),
            (
                body("\"1700000000\"", TOKEN, "xyz"),
                VerifyError::MalformedHeader(SIGNATURE_FIELD),
            ),
        ];
        for (body, error) in cases {
            assert_eq!(check(&body, &[KEY], TS), Err(error), "{body}");
        }
    }
}
