//! `x-square-hmacsha256-signature: <base64>` over `{notification URL}{body}`.

use crate::provider::RawRequest;
use crate::verify::signature::{match_hmac, Encoding, HmacSha256, SignatureFormat};
use crate::verify::{Verified, VerifyContext, VerifyError};

const HEADER: &str = "x-square-hmacsha256-signature";
const HEADER_NAME: &str = "x-square-hmacsha256-signature";
/// Standard, padded base64 of exactly 32 bytes (canonical: no stray bits), no prefix.
pub(super) const SIGNATURE: SignatureFormat = SignatureFormat::new("", Encoding::Base64);

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signature = SIGNATURE.read::<32>(request, HEADER, HEADER_NAME)?;
    let Some(public_url) = context.public_url else {
        tracing::error!(
            "Square signs the notification URL, and none is configured: call \
             `.public_url(\"square\", \"https://your.host\")` on the router builder"
        );
        return Err(VerifyError::Mismatch);
    };
    let mut result = Err(VerifyError::Mismatch);
    for url in candidate_urls(public_url, request) {
        let signed = [url.as_bytes(), request.body];
        result = match_hmac::<HmacSha256, 32>(context, &[signature], &signed);
        if result.is_ok() {
            break;
        }
    }
    result
}

/// The URLs Square may have signed: the configured base joined with the request's path
/// and query, then the configured URL as-is.
fn candidate_urls(public_url: &str, request: &RawRequest<'_>) -> [String; 2] {
    let path_and_query = request
        .uri
        .path_and_query()
        .map_or("/", |path_and_query| path_and_query.as_str());
    [
        format!("{}{path_and_query}", public_url.trim_end_matches('/')),
        public_url.to_owned(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vectors SQ-1 and SQ-2 of shared/test-vectors.md, from the Square SDK test suites.
    const SQ1_KEY: &str = "Ibxx_5AKakO-3qeNVR61Dw";
    const SQ1_URL: &str = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
    const SQ1_BODY: &[u8] = br#"{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}"#;
    const SQ1_SIGNATURE: &str = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=";
    const SQ2_KEY: &str = "signature-key";
    const SQ2_BODY: &[u8] = br#"{"data":{"type":"webhooks","id":">id<"}}"#;
    const SQ2_SIGNATURE: &str = "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=";

    fn check(
        header: Option<&str>,
        uri: &'static str,
        public_url: Option<&str>,
        body: &[u8],
        secrets: &[&str],
    ) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint {
            public_url,
            ..Endpoint::new(secrets, None, 0)
        };
        fixture::run(verify, uri, &[(HEADER, header)], body, &endpoint)
    }

    #[test]
    fn published_vectors_pass_with_a_full_url() {
        let path = "/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
        let sq1 = check(
            Some(SQ1_SIGNATURE),
            path,
            Some(SQ1_URL),
            SQ1_BODY,
            &[SQ1_KEY],
        );
        assert_eq!(sq1.unwrap().secret_index, 0);
        let sq2 = check(
            Some(SQ2_SIGNATURE),
            "/elsewhere",
            Some("https://webhook.site/webhooks"),
            SQ2_BODY,
            &["new", SQ2_KEY],
        );
        assert_eq!(sq2.unwrap().secret_index, 1);
    }

    #[test]
    fn a_base_url_is_joined_with_the_request_path() {
        let path = "/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
        for base in ["https://webhook.site", "https://webhook.site/"] {
            assert!(check(Some(SQ1_SIGNATURE), path, Some(base), SQ1_BODY, &[SQ1_KEY]).is_ok());
        }
        assert!(check(
            Some(SQ2_SIGNATURE),
            "/webhooks",
            Some("https://webhook.site"),
            SQ2_BODY,
            &[SQ2_KEY]
        )
        .is_ok());
        // The query is part of the signed URL.
        assert_eq!(
            check(
                Some(SQ2_SIGNATURE),
                "/webhooks?x=1",
                Some("https://webhook.site"),
                SQ2_BODY,
                &[SQ2_KEY]
            ),
            Err(VerifyError::Mismatch)
        );
    }

    #[test]
    fn tampered_wrong_secret_wrong_url_and_no_url_fail() {
        let path = "/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
        let mut tampered = SQ1_BODY.to_vec();
        tampered[20] ^= 1;
        let cases = [
            (SQ1_BODY, Some(SQ1_URL), SQ2_KEY),
            (&tampered[..], Some(SQ1_URL), SQ1_KEY),
            (SQ1_BODY, Some("http://webhook.site"), SQ1_KEY),
            (SQ1_BODY, None, SQ1_KEY),
        ];
        for (body, url, key) in cases {
            assert_eq!(
                check(Some(SQ1_SIGNATURE), path, url, body, &[key]),
                Err(VerifyError::Mismatch),
                "{url:?}"
            );
        }
    }

    #[test]
    fn malformed_headers() {
        let url = Some(SQ1_URL);
        assert_eq!(
            check(None, "/", url, SQ1_BODY, &[SQ1_KEY]),
            Err(VerifyError::MissingHeader(HEADER_NAME))
        );
        // The hex form one Go SDK test uses, unpadded base64, and a short digest.
        let hex = "185e1892b2601810d9f4d2186cd5c19cccea6f61e82f8456fd2eaf919f7fd8de";
        let unpadded = SQ1_SIGNATURE.trim_end_matches('=');
        for bad in [hex, unpadded, "GF4Ykr==", ""] {
            assert_eq!(
                check(Some(bad), "/", url, SQ1_BODY, &[SQ1_KEY]),
                Err(VerifyError::MalformedHeader(HEADER_NAME)),
                "{bad}"
            );
        }
    }
}
