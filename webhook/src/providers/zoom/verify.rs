//! `x-zm-signature: v0=<hex>` over `v0:{x-zm-request-timestamp}:{body}`.

use crate::provider::RawRequest;
use crate::verify::{parse_seconds, v0, Verified, VerifyContext, VerifyError};

const SIGNATURE: &str = "x-zm-signature";
const TIMESTAMP: &str = "x-zm-request-timestamp";

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signature = v0::FORMAT.read::<32>(request, SIGNATURE, SIGNATURE)?;
    let timestamp_text = request.required_header(TIMESTAMP, TIMESTAMP)?;
    let timestamp = parse_seconds(timestamp_text, TIMESTAMP)?;
    let verified = v0::match_secret(context, signature, timestamp_text, request.body)?;
    context.check_within(timestamp)?;
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vectors ZM-1 and ZM-2 of shared/test-vectors.md, accepted by @zoom/rivet 0.4.0.
    const SECRET: &str = "zoom_secret_token";
    const TS: &str = "1700000000";
    const ZM1_BODY: &[u8] =
        br#"{"event":"meeting.started","event_ts":1700000000000,"payload":{"account_id":"a"}}"#;
    const ZM1: &str = "v0=5842ea132ed700201a9244647d415b5a3c024e5b4643186abb9870fe20ab2a72";
    const ZM2_BODY: &[u8] = br#"{"event":"endpoint.url_validation","event_ts":1700000000000,"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"}}"#;
    const ZM2: &str = "v0=1af26ba2f0da1170f1e2b5827044888cf36cf8e1818bee77b00fff5da1bcf30a";
    const NOW: u64 = 1_700_000_000;

    fn check(
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
        secrets: &[&str],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let headers = [(SIGNATURE, signature), (TIMESTAMP, timestamp)];
        let endpoint = Endpoint::new(secrets, Some(300), now);
        fixture::run(verify, "/", &headers, body, &endpoint)
    }

    #[test]
    fn published_vectors_pass() {
        let zm1 = check(Some(ZM1), Some(TS), ZM1_BODY, &[SECRET], NOW + 10).unwrap();
        assert_eq!(zm1.secret_index, 0);
        let zm2 = check(Some(ZM2), Some(TS), ZM2_BODY, &["new", SECRET], NOW).unwrap();
        assert_eq!(zm2.secret_index, 1);
    }

    #[test]
    fn tampered_wrong_secret_other_timestamp_and_stale_fail() {
        let mut tampered = ZM1_BODY.to_vec();
        tampered[12] ^= 1;
        assert_eq!(
            check(Some(ZM1), Some(TS), &tampered, &[SECRET], NOW),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Some(ZM1), Some(TS), ZM1_BODY, &["wrong"], NOW),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Some(ZM1), Some("1700000001"), ZM1_BODY, &[SECRET], NOW),
            Err(VerifyError::Mismatch)
        );
        assert!(matches!(
            check(Some(ZM1), Some(TS), ZM1_BODY, &[SECRET], NOW + 301),
            Err(VerifyError::Stale {
                age_secs: 301,
                tolerance_secs: 300
            })
        ));
        // Ahead of our clock: within the tolerance passes, beyond it is refused.
        assert!(check(Some(ZM1), Some(TS), ZM1_BODY, &[SECRET], NOW - 300).is_ok());
        assert!(matches!(
            check(Some(ZM1), Some(TS), ZM1_BODY, &[SECRET], NOW - 3600),
            Err(VerifyError::Future {
                ahead_secs: 3600,
                tolerance_secs: 300
            })
        ));
    }

    #[test]
    fn malformed_headers() {
        assert_eq!(
            check(None, Some(TS), ZM1_BODY, &[SECRET], NOW),
            Err(VerifyError::MissingHeader(SIGNATURE))
        );
        assert_eq!(
            check(Some(ZM1), None, ZM1_BODY, &[SECRET], NOW),
            Err(VerifyError::MissingHeader(TIMESTAMP))
        );
        assert_eq!(
            check(Some(ZM1), Some("soon"), ZM1_BODY, &[SECRET], NOW),
            Err(VerifyError::MalformedHeader(TIMESTAMP))
        );
        for bad in [&ZM1[3..], "v1=00", "v0=xyz", ""] {
            assert_eq!(
                check(Some(bad), Some(TS), ZM1_BODY, &[SECRET], NOW),
                Err(VerifyError::MalformedHeader(SIGNATURE)),
                "{bad}"
            );
        }
    }
}
