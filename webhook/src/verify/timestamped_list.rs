//! `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` signature headers over `{t}.{body}`
//! (HMAC-SHA256): the scheme Mux and Calendly document, Stripe's shape with the
//! timestamp refused when it is too far from now in **either** direction.

use super::header_list::items;
use super::signature::{match_hmac, Encoding, HmacSha256};
use super::{hmac_sha256, parse_seconds, Verified, VerifyContext, VerifyError};
use crate::provider::RawRequest;

/// A sender signs once per active secret; more `v1` items than this are skipped.
const MAX_SIGNATURES: usize = 8;

/// Verifies the list header `name` (named `display` in errors): the first configured
/// secret whose HMAC-SHA256 of `{t}.{body}` equals any `v1` item wins, then `t` must be
/// within the tolerance of now, past or future.
pub(crate) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
    name: &'static str,
    display: &'static str,
) -> Result<Verified, VerifyError> {
    let value = request.required_header(name, display)?;
    let mut timestamp = None;
    let mut signatures: Vec<[u8; 32]> = Vec::new();
    for (key, item) in items(value, ',') {
        if key == "t" {
            timestamp.get_or_insert(item);
        } else if key == "v1" && signatures.len() < MAX_SIGNATURES {
            signatures.extend(Encoding::Hex.decode::<32>(item));
        }
    }
    let text = timestamp.ok_or(VerifyError::MalformedHeader(display))?;
    let seconds = parse_seconds(text, display)?;
    if signatures.is_empty() {
        return Err(VerifyError::NoSignature("v1"));
    }
    let verified =
        match_hmac::<HmacSha256, 32>(context, &signatures, &[text.as_bytes(), b".", request.body])?;
    context.check_within(seconds)?;
    Ok(verified)
}

/// The header value a sender writes for `body` signed at `timestamp` with `secret`.
pub(crate) fn header_value(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let timestamp = timestamp.to_string();
    let digest = hmac_sha256(secret.as_bytes(), &[timestamp.as_bytes(), b".", body]);
    format!("t={timestamp},v1={}", hex::encode(digest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    const NAME: &str = "x-list";
    // Mux's documented example header shape, with a vector computed independently with
    // Python's `hmac`: hmac.new(b"list_secret", b"1700000000." + BODY, sha256).
    const BODY: &[u8] =
        br#"{"type":"video.asset.ready","id":"3a56ac3d-33da-4366-855b-f592d898409d"}"#;
    const SECRET: &str = "list_secret";
    const HEADER: &str =
        "t=1700000000,v1=667e95a7f22317257ed2c693790875628cb02d465d8817125e6552b8cb85c18b";

    fn check(header: &str, body: &[u8], now: u64) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint::new(&["old", SECRET], Some(300), now);
        fixture::run(
            |request, context| verify(request, context, NAME, "X-List"),
            "/",
            &[(NAME, header)],
            body,
            &endpoint,
        )
    }

    #[test]
    fn the_vector_passes_and_signing_reproduces_it() {
        assert_eq!(header_value(SECRET, 1_700_000_000, BODY), HEADER);
        assert_eq!(
            check(HEADER, BODY, 1_700_000_010),
            Ok(Verified { secret_index: 1 })
        );
        let v1 = &HEADER[13..];
        let rotated = format!("t=1700000000,v1={},{v1},v0=ab", "00".repeat(32));
        assert_eq!(
            check(&rotated, BODY, 1_700_000_000),
            Ok(Verified { secret_index: 1 })
        );
    }

    #[test]
    fn tampered_stale_and_future_are_refused() {
        let mut tampered = BODY.to_vec();
        tampered[3] ^= 1;
        assert_eq!(
            check(HEADER, &tampered, 1_700_000_000),
            Err(VerifyError::Mismatch)
        );
        assert!(check(HEADER, BODY, 1_700_000_300).is_ok());
        assert!(matches!(
            check(HEADER, BODY, 1_700_000_301),
            Err(VerifyError::Stale { .. })
        ));
        assert!(check(HEADER, BODY, 1_699_999_700).is_ok());
        assert!(matches!(
            check(HEADER, BODY, 1_699_999_699),
            Err(VerifyError::Future { .. })
        ));
    }

    #[test]
    fn malformed_headers_are_refused() {
        let malformed = Err(VerifyError::MalformedHeader("X-List"));
        assert_eq!(check("v1=00", BODY, 0), malformed);
        assert_eq!(check("t=soon,v1=00", BODY, 0), malformed);
        assert_eq!(
            check("t=1700000000", BODY, 1_700_000_000),
            Err(VerifyError::NoSignature("v1"))
        );
        assert_eq!(
            check("t=1700000000,v1=zz", BODY, 1_700_000_000),
            Err(VerifyError::NoSignature("v1"))
        );
    }
}
