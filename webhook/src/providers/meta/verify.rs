//! `X-Hub-Signature-256: sha256=<hex>` over the body with an app secret, and the `GET`
//! subscription handshake with a verify token.

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};

use super::key::{key, Key, VERIFY_TOKEN_PREFIX};
use crate::provider::RawRequest;
use crate::verify::signature::{Encoding, SignatureFormat};
use crate::verify::{
    constant_time_eq, first_matching_secret, hmac_sha256, Verified, VerifyContext, VerifyError,
};

const HEADER: &str = "x-hub-signature-256";
const HEADER_NAME: &str = "X-Hub-Signature-256";
pub(super) const SIGNATURE: SignatureFormat = SignatureFormat::new("sha256=", Encoding::Hex);
/// A challenge longer than this is not Meta's (it sends a short number).
const MAX_CHALLENGE: usize = 256;

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let value = request.required_header(HEADER, HEADER_NAME)?;
    let signature: [u8; 32] = SIGNATURE
        .decode(value)
        .ok_or(VerifyError::MalformedHeader(HEADER_NAME))?;
    first_matching_secret(context, |secret| match key(secret) {
        Some(Key::AppSecret(app_secret)) => {
            constant_time_eq(&hmac_sha256(app_secret, &[request.body]), &signature)
        }
        Some(Key::VerifyToken(_)) | None => false,
    })
}

/// The answer to Meta's `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`.
pub(super) fn subscription_handshake(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Response {
    let query = request.uri.query().unwrap_or_default();
    let Ok(params) = serde_urlencoded::from_str::<Vec<(String, String)>>(query) else {
        return refuse(StatusCode::BAD_REQUEST, "the query string is not URL-encoded");
    };
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let (Some(mode), Some(token), Some(challenge)) = (
        param("hub.mode"),
        param("hub.verify_token"),
        param("hub.challenge"),
    ) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "a subscription check needs hub.mode, hub.verify_token and hub.challenge",
        );
    };
    if mode != "subscribe" {
        return refuse(StatusCode::BAD_REQUEST, "hub.mode is not `subscribe`");
    }
    if challenge.is_empty()
        || challenge.len() > MAX_CHALLENGE
        || !challenge.bytes().all(|b| b.is_ascii_graphic())
    {
        return refuse(StatusCode::BAD_REQUEST, "hub.challenge is not a short token");
    }
    let mut configured = false;
    let mut matched = false;
    for secret in context.secrets {
        if let Some(Key::VerifyToken(expected)) = key(secret) {
            configured = true;
            matched |= constant_time_eq(expected, token.as_bytes());
        }
    }
    if !configured {
        return refuse(
            StatusCode::FORBIDDEN,
            &format!(
                "no verify token is configured: add `{VERIFY_TOKEN_PREFIX}<token>` to the endpoint's secrets"
            ),
        );
    }
    if !matched {
        return refuse(StatusCode::FORBIDDEN, "hub.verify_token does not match");
    }
    let mut response = (StatusCode::OK, challenge.to_owned()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn refuse(status: StatusCode, message: &str) -> Response {
    crate::response::json_response(
        status,
        &serde_json::json!({ "error": "handshake_refused", "message": message }),
    )
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, Uri};

    use super::*;
    use crate::secret::Secret;
    use crate::verify::fixture::{self, Endpoint};

    // Computed independently with Python's `hmac` from Meta's documented scheme:
    // hmac.new(b"meta_app_secret", BODY, hashlib.sha256).hexdigest().
    const APP_SECRET: &str = "meta_app_secret";
    const BODY: &[u8] = br#"{"object":"page","entry":[{"id":"0","time":1700000000,"changes":[{"field":"feed","value":{"item":"status"}}]}]}"#;
    const SIGNATURE: &str =
        "sha256=09f9f325c2e1ec7f485554de7f28ac6698fc8e8df4007d02a9e1e94387b070f9";

    fn secrets(items: &[&str]) -> Vec<Secret> {
        items.iter().map(|item| super::super::key::decode(item).unwrap()).collect()
    }

    fn check(header: Option<&str>, body: &[u8], items: &[&str]) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint {
            secrets: secrets(items),
            ..Endpoint::new(&[], None, 0)
        };
        fixture::run(verify, "/", &[(HEADER, header)], body, &endpoint)
    }

    #[test]
    fn the_vector_passes_with_an_app_secret_only() {
        let rotated = check(Some(SIGNATURE), BODY, &["verify_token:t", "old", APP_SECRET]);
        assert_eq!(rotated, Ok(Verified { secret_index: 2 }));
        // The app secret configured as a verify token signs nothing.
        let as_token = format!("verify_token:{APP_SECRET}");
        assert_eq!(
            check(Some(SIGNATURE), BODY, &[&as_token]),
            Err(VerifyError::Mismatch)
        );
        let mut tampered = BODY.to_vec();
        tampered[12] ^= 1;
        assert_eq!(
            check(Some(SIGNATURE), &tampered, &[APP_SECRET]),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(None, BODY, &[APP_SECRET]),
            Err(VerifyError::MissingHeader(HEADER_NAME))
        );
        for bad in ["", "sha256=", "sha1=abcd", &SIGNATURE[7..]] {
            assert_eq!(
                check(Some(bad), BODY, &[APP_SECRET]),
                Err(VerifyError::MalformedHeader(HEADER_NAME)),
                "{bad}"
            );
        }
    }

    fn handshake(query: &str, items: &[&str]) -> (StatusCode, String) {
        let secrets = secrets(items);
        let context = VerifyContext {
            secrets: &secrets,
            tolerance: None,
            now: std::time::SystemTime::now(),
            public_url: None,
        };
        let uri: Uri = format!("/webhooks/meta{query}").parse().unwrap();
        let headers = HeaderMap::new();
        let request = RawRequest {
            headers: &headers,
            uri: &uri,
            body: b"",
        };
        let response = subscription_handshake(&request, &context);
        let status = response.status();
        let body = futures_util::FutureExt::now_or_never(axum::body::to_bytes(
            response.into_body(),
            usize::MAX,
        ))
        .unwrap()
        .unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[test]
    fn the_handshake_echoes_the_challenge_for_a_configured_token() {
        let items = [APP_SECRET, "verify_token:old", "verify_token:s3cret token"];
        let ok = "?hub.mode=subscribe&hub.verify_token=s3cret+token&hub.challenge=1158201444";
        assert_eq!(handshake(ok, &items), (StatusCode::OK, "1158201444".to_owned()));
        let old = "?hub.challenge=42&hub.verify_token=old&hub.mode=subscribe";
        assert_eq!(handshake(old, &items), (StatusCode::OK, "42".to_owned()));
    }

    #[test]
    fn the_handshake_refuses_wrong_tokens_and_malformed_checks() {
        let items = [APP_SECRET, "verify_token:right"];
        let wrong = "?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1";
        assert_eq!(handshake(wrong, &items).0, StatusCode::FORBIDDEN);
        // The app secret is not a verify token.
        let app = format!("?hub.mode=subscribe&hub.verify_token={APP_SECRET}&hub.challenge=1");
        assert_eq!(handshake(&app, &items).0, StatusCode::FORBIDDEN);
        let (status, body) = handshake(wrong, &[APP_SECRET]);
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("verify_token:"), "{body}");
        for bad in [
            "",
            "?hub.mode=subscribe&hub.verify_token=right",
            "?hub.mode=unsubscribe&hub.verify_token=right&hub.challenge=1",
            "?hub.mode=subscribe&hub.verify_token=right&hub.challenge=",
            "?hub.mode=subscribe&hub.verify_token=right&hub.challenge=%3Cscript%3E%20x",
        ] {
            assert_eq!(handshake(bad, &items).0, StatusCode::BAD_REQUEST, "{bad}");
        }
        let long = format!(
            "?hub.mode=subscribe&hub.verify_token=right&hub.challenge={}",
            "9".repeat(MAX_CHALLENGE + 1)
        );
        assert_eq!(handshake(&long, &items).0, StatusCode::BAD_REQUEST);
    }
}
