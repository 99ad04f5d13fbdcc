//! `Typeform-Signature: sha256=<base64>` over the body.

use crate::provider::RawRequest;
use crate::verify::signature::{match_hmac, Encoding, HmacSha256, SignatureFormat};
use crate::verify::{Verified, VerifyContext, VerifyError};

const HEADER: &str = "typeform-signature";
const HEADER_NAME: &str = "Typeform-Signature";
/// Note the base64, not hex, after the `sha256=`.
pub(super) const SIGNATURE: SignatureFormat = SignatureFormat::new("sha256=", Encoding::Base64);

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signature = SIGNATURE.read::<32>(request, HEADER, HEADER_NAME)?;
    match_hmac::<HmacSha256, 32>(context, &[signature], &[request.body])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vector TF-1 of shared/test-vectors.md (computed from Typeform's documented scheme).
    const SECRET: &str = "typeform_secret";
    const BODY: &[u8] = br#"{"event_id":"01HXYZ","event_type":"form_response","form_response":{}}"#;
    const SIGNATURE: &str = "sha256=XoVXy/TUV3dDJSB+CRbNbKihAjzR4Vek/GeCcVdUiMc=";

    fn check(header: Option<&str>, body: &[u8], secrets: &[&str]) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint::new(secrets, None, 0);
        fixture::run(verify, "/", &[(HEADER, header)], body, &endpoint)
    }

    #[test]
    fn vector_passes_with_any_configured_secret() {
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
    fn tampered_wrong_secret_and_malformed_fail() {
        let mut tampered = BODY.to_vec();
        tampered[3] ^= 1;
        assert_eq!(
            check(Some(SIGNATURE), &tampered, &[SECRET]),
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
        let bare = SIGNATURE.trim_start_matches("sha256=");
        let hex = "sha256=5e8557cbf4d457774325207e0916cd6ca8a1023cd1e157a4fc678271575488c7";
        for bad in [
            bare,
            hex,
            "sha256=",
            "sha1=XoVXy/TUV3dDJSB+CRbNbKihAjzR4Vek/GeCcVdUiMc=",
            "sha256=XoVXy/TUV3dDJSB+CRbNbKihAjzR4Vek/GeCcVdUiMc",
        ] {
            assert_eq!(
                check(Some(bad), BODY, &[SECRET]),
                Err(VerifyError::MalformedHeader(HEADER_NAME)),
                "{bad}"
            );
        }
    }
}
