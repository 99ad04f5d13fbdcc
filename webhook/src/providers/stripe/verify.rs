//! `Stripe-Signature: t=1700000000,v1=<hex>[,v1=<hex>][,v0=<hex>]`.

use http::HeaderName;

use crate::provider::RawRequest;
use crate::verify::header_list::ListScheme;
use crate::verify::signature::{Encoding, HmacSha256};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// A constant: a lookup by `&str` parses and lowercases the name on every request.
const HEADER: HeaderName = HeaderName::from_static("stripe-signature");
const HEADER_NAME: &str = "Stripe-Signature";
/// Items split on `,`, keys on the first `=`; `t` once, any number of `v1`; other
/// schemes (`v0`) skipped.
const LIST: ListScheme = ListScheme {
    header: HEADER_NAME,
    separator: ',',
    timestamp_key: "t",
    signature_key: "v1",
    encoding: Encoding::Hex,
    signed_separator: b".",
};
/// Stripe sends one `v1` per active secret; more than this is not a real header.
const MAX_SIGNATURES: usize = 8;

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let value = request.required_header(&HEADER, HEADER_NAME)?;
    LIST.verify::<HmacSha256, 32, MAX_SIGNATURES>(value, request.body, context)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vectors ST-1/ST-2/ST-3 of shared/test-vectors.md, produced with the `stripe` npm
    // package 23.1.0 (`generateTestHeaderString`, checked with `constructEvent`).
    const BODY: &[u8] = br#"{"id":"evt_test_webhook","object":"event","type":"invoice.paid"}"#;
    const ST1: &str =
        "t=1700000000,v1=92a67d03f3996371aee723f680b97033696bcd5bb8a1826c465e55a4d569d2c1";
    const ST2: &str = "t=1700000000,v1=92a67d03f3996371aee723f680b97033696bcd5bb8a1826c465e55a4d569d2c1,v1=d996f981aa4758fffca014da80f580ebc9fa2782b4dc5ad7037432eaa709e779,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";

    fn check(
        header: &str,
        body: &[u8],
        secrets: &[&str],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint::new(secrets, Some(300), now);
        fixture::run(verify, "/", &[(HEADER.as_str(), header)], body, &endpoint)
    }

    #[test]
    fn published_vector_passes() {
        assert_eq!(
            check(ST1, BODY, &["whsec_test_secret"], 1_700_000_010)
                .unwrap()
                .secret_index,
            0
        );
    }

    #[test]
    fn rotation_header_and_rotated_secrets() {
        assert!(check(ST2, BODY, &["whsec_test_secret"], 1_700_000_000).is_ok());
        assert_eq!(
            check(
                ST2,
                BODY,
                &["whsec_unrelated", "whsec_old_secret"],
                1_700_000_000
            )
            .unwrap()
            .secret_index,
            1
        );
    }

    #[test]
    fn tampered_wrong_secret_and_stale_fail() {
        let mut tampered = BODY.to_vec();
        tampered[10] ^= 1;
        assert_eq!(
            check(ST1, &tampered, &["whsec_test_secret"], 1_700_000_000),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(ST1, BODY, &["whsec_wrong"], 1_700_000_000),
            Err(VerifyError::Mismatch)
        );
        assert!(matches!(
            check(ST1, BODY, &["whsec_test_secret"], 1_700_000_301),
            Err(VerifyError::Stale {
                age_secs: 301,
                tolerance_secs: 300
            })
        ));
        // Stripe's SDKs accept timestamps from the future (ST-3); we accept them only
        // within the tolerance, so a leaked signature cannot be post-dated.
        assert!(check(ST1, BODY, &["whsec_test_secret"], 1_700_000_000 - 300).is_ok());
        assert!(matches!(
            check(ST1, BODY, &["whsec_test_secret"], 1_700_000_000 - 3600),
            Err(VerifyError::Future {
                ahead_secs: 3600,
                tolerance_secs: 300
            })
        ));
    }

    #[test]
    fn malformed_headers() {
        let v0_only =
            "t=1700000000,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";
        assert_eq!(
            check(v0_only, BODY, &["whsec_test_secret"], 1_700_000_000),
            Err(VerifyError::NoSignature("v1"))
        );
        assert_eq!(
            check("v1=abc", BODY, &["x"], 0),
            Err(VerifyError::MalformedHeader(HEADER_NAME))
        );
        assert_eq!(
            check("t=abc,v1=00", BODY, &["x"], 0),
            Err(VerifyError::MalformedHeader(HEADER_NAME))
        );
        assert_eq!(
            check("", BODY, &["x"], 0),
            Err(VerifyError::MalformedHeader(HEADER_NAME))
        );
    }
}
