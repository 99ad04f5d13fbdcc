//! `Paddle-Signature: ts=1700000000;h1=<hex>[;h1=<hex>]` over `{ts}:{body}`.

use crate::provider::RawRequest;
use crate::verify::header_list::ListScheme;
use crate::verify::signature::{Encoding, HmacSha256};
use crate::verify::{Verified, VerifyContext, VerifyError};

const HEADER: &str = "paddle-signature";
const HEADER_NAME: &str = "Paddle-Signature";
/// Items split on `;`, keys on the first `=`; `ts` once, any number of `h1`; unknown
/// keys skipped.
const LIST: ListScheme = ListScheme {
    header: HEADER_NAME,
    separator: ';',
    timestamp_key: "ts",
    signature_key: "h1",
    encoding: Encoding::Hex,
    signed_separator: b":",
};
/// Paddle sends one `h1` per active secret; more than this is not a real header.
const MAX_SIGNATURES: usize = 8;

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let value = request.required_header(HEADER, HEADER_NAME)?;
    LIST.verify::<HmacSha256, 32, MAX_SIGNATURES>(value, request.body, context)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vector PD-1 of shared/test-vectors.md (the scheme was run through
    // @paddle/paddle-node-sdk 3.10.0 `webhooks.isSignatureValid`).
    const SECRET: &str = "pdl_ntfset_01test_secret";
    const BODY: &[u8] = br#"{"event_id":"evt_01","event_type":"transaction.paid","occurred_at":"2024-01-01T00:00:00Z","notification_id":"ntf_01","data":{}}"#;
    const H1: &str = "66517a69ac1a14f394e6acc1ed1e0d74652c96b0f0ea23dfdd36bf14804d9c5c";
    const BAD: &str = "0000000000000000000000000000000000000000000000000000000000000000";
    const TS: u64 = 1_700_000_000;

    fn check(
        header: Option<&str>,
        body: &[u8],
        secrets: &[&str],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint::new(secrets, Some(5), now);
        fixture::run(verify, "/", &[(HEADER, header)], body, &endpoint)
    }

    fn header(h1: &[&str]) -> String {
        let mut header = format!("ts={TS}");
        for h1 in h1 {
            header.push_str(";h1=");
            header.push_str(h1);
        }
        header
    }

    #[test]
    fn published_vector_passes() {
        let ok = check(Some(&header(&[H1])), BODY, &[SECRET], TS + 5).unwrap();
        assert_eq!(ok.secret_index, 0);
        let rotated = check(Some(&header(&[H1])), BODY, &["other", SECRET], TS).unwrap();
        assert_eq!(rotated.secret_index, 1);
    }

    #[test]
    fn any_h1_may_match() {
        // The node SDK keeps only the last `h1` and fails this one; any match passes here.
        assert!(check(Some(&header(&[H1, BAD])), BODY, &[SECRET], TS).is_ok());
        assert!(check(Some(&header(&[BAD, H1])), BODY, &[SECRET], TS).is_ok());
        assert_eq!(
            check(Some(&header(&[BAD, BAD])), BODY, &[SECRET], TS),
            Err(VerifyError::Mismatch)
        );
    }

    #[test]
    fn tampered_wrong_secret_and_stale_fail() {
        let mut tampered = BODY.to_vec();
        tampered[15] ^= 1;
        assert_eq!(
            check(Some(&header(&[H1])), &tampered, &[SECRET], TS),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Some(&header(&[H1])), BODY, &["pdl_ntfset_wrong"], TS),
            Err(VerifyError::Mismatch)
        );
        assert!(matches!(
            check(Some(&header(&[H1])), BODY, &[SECRET], TS + 6),
            Err(VerifyError::Stale {
                age_secs: 6,
                tolerance_secs: 5
            })
        ));
        // The SDK lets a timestamp from the future pass; we refuse one beyond the
        // tolerance, as a stale one.
        assert!(check(Some(&header(&[H1])), BODY, &[SECRET], TS - 5).is_ok());
        assert!(matches!(
            check(Some(&header(&[H1])), BODY, &[SECRET], TS - 3600),
            Err(VerifyError::Future {
                ahead_secs: 3600,
                tolerance_secs: 5
            })
        ));
    }

    #[test]
    fn malformed_headers() {
        assert_eq!(
            check(None, BODY, &[SECRET], TS),
            Err(VerifyError::MissingHeader(HEADER_NAME))
        );
        assert_eq!(
            check(Some(&format!("h1={H1}")), BODY, &[SECRET], TS),
            Err(VerifyError::MalformedHeader(HEADER_NAME))
        );
        assert_eq!(
            check(Some(&format!("ts=soon;h1={H1}")), BODY, &[SECRET], TS),
            Err(VerifyError::MalformedHeader(HEADER_NAME))
        );
        assert_eq!(
            check(Some("ts=1700000000;h1=xyz"), BODY, &[SECRET], TS),
            Err(VerifyError::NoSignature("h1"))
        );
        assert_eq!(
            check(Some(&format!("ts={TS},h1={H1}")), BODY, &[SECRET], TS),
            Err(VerifyError::MalformedHeader(HEADER_NAME))
        );
    }
}
