//! Signing exactly as Twilio does, for tests (see [`crate::testing`]).

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Body;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use bytes::Bytes;
use hmac::Hmac;
use http::Request;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::verify::hmac_sha256;
use crate::verify::signature::mac;

/// The `I-Twilio-Idempotency-Token` the request helpers send.
pub const IDEMPOTENCY_TOKEN: &str = "3e4f5b5c-1f0a-4e6b-9d8a-0c1b2a3d4e5f";

/// The bytes Twilio signs: `url`, then every parameter as `name` + `value`, names
/// sorted, a repeated name's values de-duplicated and sorted.
fn signed_bytes(url: &str, params: &[(&str, &str)]) -> Vec<u8> {
    let mut sorted: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, value) in params {
        sorted.entry(name).or_default().insert(value);
    }
    let mut bytes = url.as_bytes().to_vec();
    for (name, values) in sorted {
        for value in values {
            bytes.extend_from_slice(name.as_bytes());
            bytes.extend_from_slice(value.as_bytes());
        }
    }
    bytes
}

/// An `X-Twilio-Signature` value: base64 HMAC-SHA1, keyed with the Auth Token, of
/// `url` and the form `params` (none for a JSON body: its URL carries `bodySHA256`).
pub fn signature(auth_token: &str, url: &str, params: &[(&str, &str)]) -> String {
    let signed = signed_bytes(url, params);
    STANDARD.encode(mac::<Hmac<Sha1>>(auth_token.as_bytes(), &[&signed]))
}

/// The same with HMAC-SHA256, as sent with
/// `X-Twilio-Webhooks-Signature-Settings: key=…,algorithm=HMAC_SHA256`.
pub fn signature_sha256(key: &str, url: &str, params: &[(&str, &str)]) -> String {
    STANDARD.encode(hmac_sha256(key.as_bytes(), &[&signed_bytes(url, params)]))
}

/// The `bodySHA256` Twilio adds to the URL of a JSON delivery: hex SHA-256 of the body.
pub fn body_hash(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// A form `POST` to `path` (path and query) carrying `params`, signed with
/// `auth_token` for the public URL `public_base` + `path`.
///
/// # Panics
///
/// When `path` is not a valid URI: a test helper.
pub fn form_request(
    public_base: &str,
    path: &str,
    auth_token: &str,
    params: &[(&str, &str)],
) -> Request<Body> {
    let body = serde_urlencoded::to_string(params).expect("form parameters encode");
    let signature = signature(auth_token, &format!("{public_base}{path}"), params);
    build(
        path,
        "application/x-www-form-urlencoded",
        signature,
        body.into(),
    )
}

/// A JSON `POST` carrying `body` to `path` with `bodySHA256` appended to its query,
/// signed with `auth_token` for the public URL `public_base` + that path.
///
/// # Panics
///
/// When `path` is not a valid URI: a test helper.
pub fn json_request(
    public_base: &str,
    path: &str,
    auth_token: &str,
    body: impl Into<Bytes>,
) -> Request<Body> {
    let body = body.into();
    let separator = if path.contains('?') { '&' } else { '?' };
    let path = format!("{path}{separator}bodySHA256={}", body_hash(&body));
    let signature = signature(auth_token, &format!("{public_base}{path}"), &[]);
    build(&path, "application/json", signature, body)
}

fn build(path: &str, content_type: &str, signature: String, body: Bytes) -> Request<Body> {
    Request::post(path)
        .header(http::header::CONTENT_TYPE, content_type)
        .header("x-twilio-signature", signature)
        .header("i-twilio-idempotency-token", IDEMPOTENCY_TOKEN)
        .body(Body::from(body))
        .expect("a valid path")
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const PARAMS: [(&str, &str); 5] = [
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+14158675309"),
        ("Digits", "1234"),
        ("From", "+14158675309"),
        ("To", "+18005551212"),
    ];

    #[test]
    fn reproduces_the_published_vectors() {
        assert_eq!(
            signature("12345", URL, &PARAMS),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
        assert_eq!(
            signature_sha256("12345", URL, &PARAMS),
            "033hgUJA9M/hXIZsYjwkerEP/DBm35nEri5FhCYjA5s="
        );
        let repeated = [
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
            ("Digits", "1234"),
        ];
        assert_eq!(
            signature("12345", URL, &repeated),
            "IK+Dwps556ElfBT0I3Rgjkr1wJU="
        );
        let hash = body_hash(br#"{"property": "value", "boolean": true}"#);
        assert_eq!(
            hash,
            "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        );
        assert_eq!(
            signature("12345", &format!("{URL}&bodySHA256={hash}"), &[]),
            "a9nBmqA0ju/hNViExpshrM61xv4="
        );
    }
}
