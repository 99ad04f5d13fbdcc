//! Signing exactly as Discord does, for tests (see [`crate::testing`]). Discord signs
//! with the application's private key; tests use a seed of their own and configure its
//! [`public_key`].

use axum::body::Body;
use bytes::Bytes;
use ed25519_dalek::{Signer as _, SigningKey};
use http::Request;

/// A fixed Ed25519 seed for tests: the `07 × 32` seed of vector DC-1.
pub const TEST_SEED: [u8; 32] = [7; 32];

/// The hex public key (what `DISCORD_PUBLIC_KEY` holds) of an Ed25519 `seed`.
pub fn public_key(seed: &[u8; 32]) -> String {
    hex::encode(SigningKey::from_bytes(seed).verifying_key().as_bytes())
}

/// An `X-Signature-Ed25519` value: the hex Ed25519 signature of `{timestamp}{body}`.
pub fn signature(seed: &[u8; 32], timestamp: &str, body: &[u8]) -> String {
    let message = [timestamp.as_bytes(), body].concat();
    hex::encode(SigningKey::from_bytes(seed).sign(&message).to_bytes())
}

/// A `POST` to `path` carrying `body`, signed now with `seed` as Discord signs both
/// interactions and webhook events.
pub fn request(path: &str, seed: &[u8; 32], body: impl Into<Bytes>) -> Request<Body> {
    let body = body.into();
    let timestamp = crate::testing::now().to_string();
    crate::testing::signed_request(
        path,
        &[
            ("x-signature-ed25519", signature(seed, &timestamp, &body)),
            ("x-signature-timestamp", timestamp),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_the_published_vector() {
        assert_eq!(
            public_key(&TEST_SEED),
            "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
        );
        assert_eq!(
            signature(&TEST_SEED, "1700000000", br#"{"type":1}"#),
            "f7caed702889e902c2cde4a4fb00f601284aa47ff4caf84588d7c8c3d8fe7183fd73e13e30d0c07d1515b6684f7b3cfaa231c421768d9667b104f760cf0da302"
        );
    }
}
