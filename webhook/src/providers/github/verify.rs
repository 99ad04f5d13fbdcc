//! `X-Hub-Signature-256: sha256=<64 hex>`.

use http::HeaderName;

use crate::provider::RawRequest;
use crate::verify::signature::{match_hmac, Encoding, HmacSha256, SignatureFormat};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// A constant: a lookup by `&str` parses and lowercases the name on every request.
const HEADER: HeaderName = HeaderName::from_static("x-hub-signature-256");
const HEADER_NAME: &str = "X-Hub-Signature-256";
pub(super) const SIGNATURE: SignatureFormat = SignatureFormat::new("sha256=", Encoding::Hex);

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signature = SIGNATURE.read::<32>(request, &HEADER, HEADER_NAME)?;
    match_hmac::<HmacSha256, 32>(context, &[signature], &[request.body])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vector GH-1: GitHub's "Validating webhook deliveries" documentation.
    const SECRET: &str = "It's a Secret to Everybody";
    const BODY: &[u8] = b"Hello, World!";
    const SIGNATURE: &str =
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    fn check(header: Option<&str>, body: &[u8], secrets: &[&str]) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint::new(secrets, None, 0);
        fixture::run(verify, "/", &[(HEADER.as_str(), header)], body, &endpoint)
    }

    #[test]
    fn documented_vector_passes_with_any_configured_secret() {
        assert_eq!(
            check(Some(SIGNATURE), BODY, &[SECRET])
                .unwrap()
                .secret_index,
            0
        );
        assert_eq!(
            check(Some(SIGNATURE), BODY, &["new", SECRET])
                .unwrap()
                .secret_index,
            1
        );
    }

    #[test]
    fn rejects_tampering_wrong_secret_and_bad_headers() {
        assert_eq!(
            check(Some(SIGNATURE), b"Hello, World?", &[SECRET]),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Some(SIGNATURE), BODY, &["wrong"]),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(None, BODY, &[SECRET]),
            Err(VerifyError::MissingHeader(HEADER_NAME))
        );
        let sha1 = "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59";
        assert_eq!(
            check(Some(sha1), BODY, &[SECRET]),
            Err(VerifyError::MalformedHeader(HEADER_NAME))
        );
        assert_eq!(
            check(Some("sha256=xyz"), BODY, &[SECRET]),
            Err(VerifyError::MalformedHeader(HEADER_NAME))
        );
    }
}
