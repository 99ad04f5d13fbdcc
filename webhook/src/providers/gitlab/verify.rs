//! `X-Gitlab-Token: <secret>` (classic), or the signed Standard Webhooks form:
//! `webhook-signature: v1,<base64>` over `{webhook-id}.{webhook-timestamp}.{body}`.

use base64::Engine as _;

use crate::provider::RawRequest;
use crate::secret::Secret;
use crate::verify::candidates::Candidates;
use crate::verify::signature::{Encoding, SignatureFormat};
use crate::verify::{
    constant_time_eq, first_matching_secret, hmac_sha256, match_any_secret, parse_digits, Verified,
    VerifyContext, VerifyError,
};

const TOKEN: &str = "x-gitlab-token";
const TOKEN_NAME: &str = "X-Gitlab-Token";
const SIGNATURE: &str = "webhook-signature";
const SIGNATURE_NAME: &str = "webhook-signature";
const ID: &str = "webhook-id";
const TIMESTAMP: &str = "webhook-timestamp";
/// One item of the space-separated `webhook-signature` list.
const V1: SignatureFormat = SignatureFormat::new("v1,", Encoding::Base64);
/// More signatures than this in one header is not a real delivery.
const MAX_SIGNATURES: usize = 8;

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    if request.headers.contains_key(SIGNATURE) {
        verify_signature(request, context)
    } else {
        verify_token(request, context)
    }
}

/// The token is the secret itself, sent in the clear: compared with every configured
/// secret in constant time.
fn verify_token(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let token = request.required_header(TOKEN, TOKEN_NAME)?;
    first_matching_secret(context, |secret| {
        constant_time_eq(token.as_bytes(), secret.expose())
    })
}

fn verify_signature(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signatures = request.required_header(SIGNATURE, SIGNATURE_NAME)?;
    let id = request.required_header(ID, ID)?;
    let timestamp_text = request.required_header(TIMESTAMP, TIMESTAMP)?;
    // The signed string is `{id}.{timestamp}.{body}`: a dot in either would make two
    // different (id, timestamp) pairs sign the same bytes.
    if id.is_empty() || id.contains('.') {
        return Err(VerifyError::MalformedHeader(ID));
    }
    let timestamp = parse_digits(timestamp_text).ok_or(VerifyError::MalformedHeader(TIMESTAMP))?;
    let candidates = v1_signatures(signatures);
    if candidates.is_empty() {
        return Err(VerifyError::NoSignature("v1"));
    }
    let verified = match_any_secret(context, candidates.as_slice(), |secret| {
        hmac_sha256(
            &signing_key(secret),
            &[
                id.as_bytes(),
                b".",
                timestamp_text.as_bytes(),
                b".",
                request.body,
            ],
        )
    })?;
    context.check_within(timestamp)?;
    Ok(verified)
}

/// Every well-formed `v1,<base64>` of the space-separated list; other versions and
/// malformed items are skipped, as the Standard Webhooks libraries do.
fn v1_signatures(header: &str) -> Candidates<32, MAX_SIGNATURES> {
    header
        .split(' ')
        .filter_map(|item| V1.decode(item))
        .collect()
}

/// The HMAC key of a configured secret. GitLab has not documented the signing token's
/// encoding, so both are taken: a `whsec_<base64>` secret is used base64-decoded, as
/// the Standard Webhooks spec says; any other secret (or a `whsec_` one that is not
/// valid base64) as its UTF-8 bytes.
pub(super) fn signing_key(secret: &Secret) -> Vec<u8> {
    let raw = secret.expose();
    raw.strip_prefix(b"whsec_")
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
        })
        .unwrap_or_else(|| raw.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vector SW-1 of shared/test-vectors.md (Standard Webhooks' own test suites): GitLab
    // signs by that spec, and GitLab publishes no vector of its own.
    const SW_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const SW_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const SW_TIMESTAMP: &str = "1614265330";
    const SW_BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SW_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    const SW_T: u64 = 1_614_265_330;

    fn check(
        pairs: &[(&'static str, &str)],
        body: &[u8],
        secrets: &[&str],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint::new(secrets, Some(300), now);
        fixture::run(verify, "/", pairs, body, &endpoint)
    }

    fn signed(
        signature: &str,
        body: &[u8],
        secrets: &[&str],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        check(
            &[
                (SIGNATURE, signature),
                (ID, SW_ID),
                (TIMESTAMP, SW_TIMESTAMP),
            ],
            body,
            secrets,
            now,
        )
    }

    #[test]
    fn token_is_compared_with_every_secret() {
        let token = |value| check(&[(TOKEN, value)], b"{}", &["old-token", "new-token"], 0);
        assert_eq!(token("old-token").unwrap().secret_index, 0);
        assert_eq!(token("new-token").unwrap().secret_index, 1);
        assert_eq!(token("new-toke"), Err(VerifyError::Mismatch));
        assert_eq!(token(""), Err(VerifyError::Mismatch));
        assert_eq!(
            check(&[], b"{}", &["t"], 0),
            Err(VerifyError::MissingHeader(TOKEN_NAME))
        );
    }

    #[test]
    fn standard_webhooks_vector_passes() {
        assert_eq!(
            signed(
                SW_SIGNATURE,
                SW_BODY,
                &["glpat-unrelated", SW_SECRET],
                SW_T + 10
            )
            .unwrap()
            .secret_index,
            1
        );
        // Several signatures, some of other versions or malformed: any valid one passes.
        let list =
            format!("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc {SW_SIGNATURE} v1,");
        assert!(signed(&list, SW_BODY, &[SW_SECRET], SW_T).is_ok());
    }

    #[test]
    fn a_secret_without_whsec_is_used_as_raw_bytes() {
        let key = signing_key(&Secret::new("plain-signing-token"));
        assert_eq!(key, b"plain-signing-token");
        let not_base64 = signing_key(&Secret::new("whsec_!!"));
        assert_eq!(not_base64, b"whsec_!!");
        let digest = hmac_sha256(
            b"plain-signing-token",
            &[
                SW_ID.as_bytes(),
                b".",
                SW_TIMESTAMP.as_bytes(),
                b".",
                SW_BODY,
            ],
        );
        let header = format!(
            "v1,{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        assert!(signed(&header, SW_BODY, &["plain-signing-token"], SW_T).is_ok());
    }

    #[test]
    fn signed_form_rejects_tampering_wrong_secret_and_clock_skew() {
        assert_eq!(
            signed(SW_SIGNATURE, br#"{"test": 2432232315}"#, &[SW_SECRET], SW_T),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            signed(
                SW_SIGNATURE,
                SW_BODY,
                &["whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
                SW_T
            ),
            Err(VerifyError::Mismatch)
        );
        // The token is not a way around a bad signature.
        let both = [
            (SIGNATURE, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="),
            (ID, SW_ID),
            (TIMESTAMP, SW_TIMESTAMP),
            (TOKEN, SW_SECRET),
        ];
        assert_eq!(
            check(&both, SW_BODY, &[SW_SECRET], SW_T),
            Err(VerifyError::Mismatch)
        );
        assert!(matches!(
            signed(SW_SIGNATURE, SW_BODY, &[SW_SECRET], SW_T + 301),
            Err(VerifyError::Stale { .. })
        ));
        assert!(matches!(
            signed(SW_SIGNATURE, SW_BODY, &[SW_SECRET], SW_T - 301),
            Err(VerifyError::Future { .. })
        ));
    }

    #[test]
    fn signed_form_malformed_headers() {
        assert_eq!(
            signed("v1,", SW_BODY, &[SW_SECRET], SW_T),
            Err(VerifyError::NoSignature("v1"))
        );
        assert_eq!(
            check(
                &[(SIGNATURE, SW_SIGNATURE), (TIMESTAMP, SW_TIMESTAMP)],
                SW_BODY,
                &[SW_SECRET],
                SW_T
            ),
            Err(VerifyError::MissingHeader(ID))
        );
        assert_eq!(
            check(
                &[(SIGNATURE, SW_SIGNATURE), (ID, SW_ID)],
                SW_BODY,
                &[SW_SECRET],
                SW_T
            ),
            Err(VerifyError::MissingHeader(TIMESTAMP))
        );
        assert_eq!(
            check(
                &[
                    (SIGNATURE, SW_SIGNATURE),
                    (ID, "a.b"),
                    (TIMESTAMP, SW_TIMESTAMP)
                ],
                SW_BODY,
                &[SW_SECRET],
                SW_T
            ),
            Err(VerifyError::MalformedHeader(ID))
        );
        assert_eq!(
            check(
                &[
                    (SIGNATURE, SW_SIGNATURE),
                    (ID, SW_ID),
                    (TIMESTAMP, "16142653e3")
                ],
                SW_BODY,
                &[SW_SECRET],
                SW_T
            ),
            Err(VerifyError::MalformedHeader(TIMESTAMP))
        );
    }
}
