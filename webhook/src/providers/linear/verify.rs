//! `Linear-Signature: <64 lowercase hex>` over the raw body, then the body's
//! `webhookTimestamp` (ms) within the tolerance in either direction.

use std::time::UNIX_EPOCH;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::provider::RawRequest;
use crate::verify::signature::{match_hmac, Encoding, HmacSha256, SignatureFormat};
use crate::verify::{check_age, Verified, VerifyContext, VerifyError};

const HEADER: &str = "linear-signature";
const HEADER_NAME: &str = "Linear-Signature";
/// Exactly 64 lowercase hex digits, no prefix: the SDK compares the hex text, so `A-F`
/// fails there.
pub(super) const SIGNATURE: SignatureFormat = SignatureFormat::new("", Encoding::LowerHex);
/// The body field the timestamp is read from; named in errors.
const TIMESTAMP_FIELD: &str = "webhookTimestamp";

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signature = SIGNATURE.read::<32>(request, HEADER, HEADER_NAME)?;
    let verified = match_hmac::<HmacSha256, 32>(context, &[signature], &[request.body])?;
    if context.tolerance.is_some() {
        let timestamp_ms = read_timestamp_ms(request.body)?;
        check_within_ms(context, timestamp_ms)?;
    }
    Ok(verified)
}

#[derive(Deserialize)]
struct TimestampOnly<'a> {
    #[serde(rename = "webhookTimestamp", borrow, default)]
    webhook_timestamp: Option<&'a RawValue>,
}

/// Reads `webhookTimestamp` from a body whose signature already matched.
fn read_timestamp_ms(body: &[u8]) -> Result<i64, VerifyError> {
    let TimestampOnly { webhook_timestamp } =
        serde_json::from_slice(body).map_err(|_| VerifyError::MalformedHeader(TIMESTAMP_FIELD))?;
    let raw = webhook_timestamp.ok_or(VerifyError::MissingHeader(TIMESTAMP_FIELD))?;
    serde_json::from_str::<i64>(raw.get())
        .map_err(|_| VerifyError::MalformedHeader(TIMESTAMP_FIELD))
}

/// `|now - timestamp| <= tolerance`, in milliseconds as the SDK measures it.
fn check_within_ms(context: &VerifyContext<'_>, timestamp_ms: i64) -> Result<(), VerifyError> {
    let Some(tolerance) = context.tolerance else {
        return Ok(());
    };
    let now_ms = match context.now.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    };
    let tolerance_ms = u64::try_from(tolerance.as_millis()).unwrap_or(u64::MAX);
    let age_ms = now_ms.saturating_sub(timestamp_ms);
    check_age(
        age_ms,
        age_ms.unsigned_abs() / 1000,
        tolerance_ms,
        tolerance.as_secs(),
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::verify::fixture::{self, Endpoint};
    use crate::verify::hmac_sha256;

    // Vector LN-1 of shared/test-vectors.md (the scheme was run through @linear/sdk
    // 98.0.0 `LinearWebhookClient.verify`).
    const SECRET: &str = "lin_wh_test_secret";
    const BODY: &[u8] =
        br#"{"action":"create","type":"Issue","data":{"id":"x"},"webhookTimestamp":1700000000000}"#;
    const SIGNATURE: &str = "dcf3d8d1b4e5129377b59e67febec44a9da58930956844db7c98075805831a74";
    const SIGNED_AT_MS: u64 = 1_700_000_000_000;

    fn check(
        header: Option<&str>,
        body: &[u8],
        secrets: &[&str],
        now_ms: u64,
    ) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint {
            now: UNIX_EPOCH + Duration::from_millis(now_ms),
            ..Endpoint::new(secrets, Some(60), 0)
        };
        fixture::run(verify, "/", &[(HEADER, header)], body, &endpoint)
    }

    #[test]
    fn published_vector_passes_with_any_configured_secret() {
        let ok = check(Some(SIGNATURE), BODY, &[SECRET], SIGNED_AT_MS + 5_000).unwrap();
        assert_eq!(ok.secret_index, 0);
        let rotated = check(Some(SIGNATURE), BODY, &["new", SECRET], SIGNED_AT_MS).unwrap();
        assert_eq!(rotated.secret_index, 1);
    }

    #[test]
    fn tampered_wrong_secret_and_uppercase_fail() {
        let tampered = String::from_utf8(BODY.to_vec())
            .unwrap()
            .replace("create", "remove");
        assert_eq!(
            check(
                Some(SIGNATURE),
                tampered.as_bytes(),
                &[SECRET],
                SIGNED_AT_MS
            ),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Some(SIGNATURE), BODY, &["wrong"], SIGNED_AT_MS),
            Err(VerifyError::Mismatch)
        );
        // @linear/sdk compares the hex text: uppercase is refused.
        assert_eq!(
            check(
                Some(&SIGNATURE.to_uppercase()),
                BODY,
                &[SECRET],
                SIGNED_AT_MS
            ),
            Err(VerifyError::MalformedHeader(HEADER_NAME))
        );
    }

    #[test]
    fn timestamp_is_checked_both_ways_in_milliseconds() {
        assert!(check(Some(SIGNATURE), BODY, &[SECRET], SIGNED_AT_MS + 60_000).is_ok());
        assert!(matches!(
            check(Some(SIGNATURE), BODY, &[SECRET], SIGNED_AT_MS + 60_001),
            Err(VerifyError::Stale {
                age_secs: 60,
                tolerance_secs: 60
            })
        ));
        assert!(check(Some(SIGNATURE), BODY, &[SECRET], SIGNED_AT_MS - 60_000).is_ok());
        assert_eq!(
            check(Some(SIGNATURE), BODY, &[SECRET], SIGNED_AT_MS - 60_001),
            Err(VerifyError::Future {
                ahead_secs: 60,
                tolerance_secs: 60
            })
        );
    }

    #[test]
    fn missing_or_malformed_timestamp_fails_after_a_valid_signature() {
        let sign = |body: &[u8]| hex::encode(hmac_sha256(SECRET.as_bytes(), &[body]));
        let without = br#"{"action":"create","type":"Issue","data":{}}"#;
        assert_eq!(
            check(Some(&sign(without)), without, &[SECRET], SIGNED_AT_MS),
            Err(VerifyError::MissingHeader(TIMESTAMP_FIELD))
        );
        let text = br#"{"type":"Issue","webhookTimestamp":"1700000000000"}"#;
        assert_eq!(
            check(Some(&sign(text)), text, &[SECRET], SIGNED_AT_MS),
            Err(VerifyError::MalformedHeader(TIMESTAMP_FIELD))
        );
        let not_json = b"not json";
        assert_eq!(
            check(Some(&sign(not_json)), not_json, &[SECRET], SIGNED_AT_MS),
            Err(VerifyError::MalformedHeader(TIMESTAMP_FIELD))
        );
    }

    #[test]
    fn malformed_headers() {
        assert_eq!(
            check(None, BODY, &[SECRET], SIGNED_AT_MS),
            Err(VerifyError::MissingHeader(HEADER_NAME))
        );
        for bad in ["", "sha256=abc", &SIGNATURE[1..], "zz"] {
            assert_eq!(
                check(Some(bad), BODY, &[SECRET], SIGNED_AT_MS),
                Err(VerifyError::MalformedHeader(HEADER_NAME)),
                "{bad}"
            );
        }
    }
}
