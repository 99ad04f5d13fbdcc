//! `X-Shopify-Hmac-Sha256: <base64>` (Events deliveries: `shopify-hmac-sha256`) over
//! the body.

use crate::provider::RawRequest;
use crate::verify::signature::{match_hmac, Encoding, HmacSha256, SignatureFormat};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// Webhook deliveries, then Events (developer preview) deliveries.
const HEADERS: [&str; 2] = ["x-shopify-hmac-sha256", "shopify-hmac-sha256"];
const HEADER_NAME: &str = "X-Shopify-Hmac-Sha256";
/// Standard base64, no prefix.
pub(super) const SIGNATURE: SignatureFormat = SignatureFormat::new("", Encoding::Base64);

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let value = HEADERS
        .iter()
        .find_map(|name| request.headers.get(*name))
        .ok_or(VerifyError::MissingHeader(HEADER_NAME))?
        .to_str()
        .map_err(|_| VerifyError::MalformedHeader(HEADER_NAME))?;
    let signature = SIGNATURE
        .decode::<32>(value.trim())
        .ok_or(VerifyError::MalformedHeader(HEADER_NAME))?;
    match_hmac::<HmacSha256, 32>(context, &[signature], &[request.body])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vector SH-1 of shared/test-vectors.md (computed from Shopify's documented scheme).
    const SECRET: &str = "shpss_test_secret";
    const BODY: &[u8] = br#"{"id":820982911946154508,"email":"jon@example.com"}"#;
    const SIGNATURE: &str = "LnwdZPLBbdjkBwPD/lDL1/rYEGby/GHPtL1aAH6Dxjc=";

    fn check(
        header: Option<(&'static str, &str)>,
        body: &[u8],
        secrets: &[&str],
    ) -> Result<Verified, VerifyError> {
        let headers = header.as_slice();
        fixture::run(verify, "/", headers, body, &Endpoint::new(secrets, None, 0))
    }

    #[test]
    fn vector_passes_in_both_header_forms_and_with_rotated_secrets() {
        let webhook = Some(("x-shopify-hmac-sha256", SIGNATURE));
        let events = Some(("shopify-hmac-sha256", SIGNATURE));
        assert_eq!(check(webhook, BODY, &[SECRET]).unwrap().secret_index, 0);
        assert_eq!(check(events, BODY, &[SECRET]).unwrap().secret_index, 0);
        assert_eq!(
            check(webhook, BODY, &["shpss_new", SECRET])
                .unwrap()
                .secret_index,
            1
        );
    }

    #[test]
    fn tampered_wrong_secret_and_malformed_fail() {
        let header = Some(("x-shopify-hmac-sha256", SIGNATURE));
        let mut tampered = BODY.to_vec();
        tampered[7] ^= 1;
        assert_eq!(
            check(header, &tampered, &[SECRET]),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(check(header, BODY, &["wrong"]), Err(VerifyError::Mismatch));
        assert_eq!(
            check(None, BODY, &[SECRET]),
            Err(VerifyError::MissingHeader(HEADER_NAME))
        );
        let hex = "2e7c1d64f2c16dd8e40703c3fe50cbd7fad81066f2fc61cfb4bd5a007e83c637";
        let unpadded = SIGNATURE.trim_end_matches('=');
        // Last character changed so the unused trailing bits are set: not canonical.
        let noncanonical = "LnwdZPLBbdjkBwPD/lDL1/rYEGby/GHPtL1aAH6Dxjd=";
        for bad in ["", "not base64!", hex, unpadded, noncanonical, "AAAA"] {
            assert_eq!(
                check(Some(("x-shopify-hmac-sha256", bad)), BODY, &[SECRET]),
                Err(VerifyError::MalformedHeader(HEADER_NAME)),
                "{bad}"
            );
        }
    }
}
