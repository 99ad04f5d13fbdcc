//! Signing exactly as SendGrid does, for tests (see [`crate::testing`]).
//!
//! SendGrid signs with its private key; tests make their own key pair from a 32-byte
//! private scalar, configure [`public_key`] as the endpoint's secret, and sign with
//! [`signature`].

use axum::body::Body;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use bytes::Bytes;
use http::Request;
use p256::ecdsa::signature::DigestSigner;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::EncodePublicKey;
use sha2::{Digest, Sha256};

fn signing_key(private_key: &[u8; 32]) -> SigningKey {
    SigningKey::from_slice(private_key)
        .expect("a private key is a nonzero scalar below the P-256 group order")
}

/// The verification key for `private_key` as the SendGrid console shows it: base64 of
/// the DER SubjectPublicKeyInfo. Configure it as the endpoint's secret.
///
/// # Panics
///
/// When `private_key` is zero or not below the P-256 group order (a test helper).
pub fn public_key(private_key: &[u8; 32]) -> String {
    let der = p256::PublicKey::from(signing_key(private_key).verifying_key())
        .to_public_key_der()
        .expect("a P-256 key encodes as DER");
    STANDARD.encode(der.as_bytes())
}

/// An `X-Twilio-Email-Event-Webhook-Signature` value: base64 DER ECDSA P-256/SHA-256
/// over `timestamp ‖ body` (deterministic, RFC 6979).
///
/// # Panics
///
/// When `private_key` is zero or not below the P-256 group order (a test helper).
pub fn signature(private_key: &[u8; 32], timestamp: &str, body: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(timestamp.as_bytes())
        .chain_update(body);
    let signature: Signature = signing_key(private_key).sign_digest(digest);
    STANDARD.encode(signature.to_der().as_bytes())
}

/// A `POST` to `path` carrying `body` (the JSON array, with SendGrid's trailing
/// `\r\n` if you want it), signed now with `private_key`.
///
/// # Panics
///
/// When `private_key` is zero or not below the P-256 group order (a test helper).
pub fn request(path: &str, private_key: &[u8; 32], body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    let timestamp = crate::testing::now().to_string();
    crate::testing::signed_request(
        path,
        &[
            (
                "x-twilio-email-event-webhook-signature",
                signature(private_key, &timestamp, &body),
            ),
            ("x-twilio-email-event-webhook-timestamp", timestamp),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderValue, Uri};

    use super::*;
    use crate::provider::RawRequest;
    use crate::verify::VerifyContext;

    #[test]
    fn a_signature_verifies_with_the_matching_public_key() {
        let private_key = [7u8; 32];
        let body = b"[{\"email\":\"a@example.com\",\"event\":\"open\",\"timestamp\":1}]\r\n";
        let mut headers = HeaderMap::new();
        let signature = signature(&private_key, "1700000000", body);
        headers.insert(
            "x-twilio-email-event-webhook-signature",
            HeaderValue::from_str(&signature).unwrap(),
        );
        headers.insert(
            "x-twilio-email-event-webhook-timestamp",
            HeaderValue::from_static("1700000000"),
        );
        let secrets = [super::super::verify::decode_key(&public_key(&private_key)).unwrap()];
        let context = VerifyContext {
            secrets: &secrets,
            tolerance: None,
            now: std::time::SystemTime::now(),
            public_url: None,
        };
        let uri = Uri::from_static("/");
        let request = RawRequest {
            headers: &headers,
            uri: &uri,
            body,
        };
        assert!(super::super::verify::verify(&request, &context).is_ok());
    }
}
