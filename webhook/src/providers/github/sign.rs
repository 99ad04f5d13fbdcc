//! Signing exactly as GitHub does, for tests (see [`crate::testing`]).

use super::verify::SIGNATURE;
use crate::verify::hmac_sha256;

/// An `X-Hub-Signature-256` value for `body`.
pub(crate) fn signature_header(secret: &str, body: &[u8]) -> String {
    SIGNATURE.encode(&hmac_sha256(secret.as_bytes(), &[body]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn reproduces_the_documented_vector() {
        assert_eq!(
            super::signature_header("It's a Secret to Everybody", b"Hello, World!"),
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
    }
}
