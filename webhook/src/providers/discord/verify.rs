//! `X-Signature-Ed25519` (hex) over `{X-Signature-Timestamp}{body}`, checked against the
//! application's public key. Shared by both Discord endpoints.

use ed25519_dalek::{Signature, VerifyingKey};

use crate::provider::RawRequest;
use crate::secret::Secret;
use crate::verify::signature::Encoding;
use crate::verify::{first_matching_secret, parse_seconds, Verified, VerifyContext, VerifyError};

const SIGNATURE: &str = "x-signature-ed25519";
const SIGNATURE_NAME: &str = "X-Signature-Ed25519";
const TIMESTAMP: &str = "x-signature-timestamp";
const TIMESTAMP_NAME: &str = "X-Signature-Timestamp";

/// The application's public key: 64 hex digits (32 bytes) that form a valid Ed25519
/// key. Anything else fails the router build.
pub(crate) fn decode_public_key(text: &str) -> Result<Secret, String> {
    let bytes = Encoding::Hex.decode::<32>(text.trim()).ok_or_else(|| {
        "the Discord public key is not 64 hex digits (copy it from the Developer Portal's \
         General Information page)"
            .to_owned()
    })?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| "the Discord public key is not a valid Ed25519 key".to_owned())?;
    Ok(Secret::new(bytes))
}

/// Verifies the signature with every configured key (strict Ed25519: no small-order
/// keys, canonical signatures), then, when a tolerance is set, the timestamp in both
/// directions.
pub(crate) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signature = request.required_header(SIGNATURE, SIGNATURE_NAME)?;
    let timestamp = request.required_header(TIMESTAMP, TIMESTAMP_NAME)?;
    let signature = Encoding::Hex
        .decode::<64>(signature)
        .map(|bytes| Signature::from_bytes(&bytes))
        .ok_or(VerifyError::MalformedHeader(SIGNATURE_NAME))?;
    let message = [timestamp.as_bytes(), request.body].concat();
    let verified = first_matching_secret(context, |secret| {
        <&[u8; 32]>::try_from(secret.expose())
            .ok()
            .and_then(|bytes| VerifyingKey::from_bytes(bytes).ok())
            .is_some_and(|key| key.verify_strict(&message, &signature).is_ok())
    })?;
    if context.tolerance.is_some() {
        context.check_within(parse_seconds(timestamp, TIMESTAMP_NAME)?)?;
    }
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // DC-1 of shared/test-vectors.md: seed 07 × 32, checked with discord-interactions
    // 4.4.0 `verifyKey`.
    const PUBLIC_KEY: &str = "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c";
    const OTHER_KEY: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const SIGNATURE_HEX: &str = "f7caed702889e902c2cde4a4fb00f601284aa47ff4caf84588d7c8c3d8fe7183fd73e13e30d0c07d1515b6684f7b3cfaa231c421768d9667b104f760cf0da302";
    const TS: u64 = 1_700_000_000;
    const BODY: &[u8] = br#"{"type":1}"#;

    fn check(
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
        keys: &[&str],
        tolerance: Option<u64>,
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let headers = [(SIGNATURE, signature), (TIMESTAMP, timestamp)];
        let endpoint = Endpoint {
            secrets: keys.iter().map(|k| decode_public_key(k).unwrap()).collect(),
            ..Endpoint::new(&[], tolerance, now)
        };
        fixture::run(verify, "/", &headers, body, &endpoint)
    }

    fn dc1(
        body: &[u8],
        keys: &[&str],
        tolerance: Option<u64>,
        now: u64,
    ) -> Result<Verified, VerifyError> {
        check(
            Some(SIGNATURE_HEX),
            Some("1700000000"),
            body,
            keys,
            tolerance,
            now,
        )
    }

    #[test]
    fn published_vector_passes() {
        assert_eq!(dc1(BODY, &[PUBLIC_KEY], None, TS).unwrap().secret_index, 0);
        assert_eq!(
            dc1(BODY, &[PUBLIC_KEY], Some(300), TS + 10)
                .unwrap()
                .secret_index,
            0
        );
        assert_eq!(
            dc1(BODY, &[OTHER_KEY, PUBLIC_KEY], None, TS)
                .unwrap()
                .secret_index,
            1
        );
    }

    #[test]
    fn tampered_and_wrong_key_fail() {
        assert_eq!(
            dc1(br#"{"type":2}"#, &[PUBLIC_KEY], None, TS),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            dc1(BODY, &[OTHER_KEY], None, TS),
            Err(VerifyError::Mismatch)
        );
        // The timestamp is signed too.
        assert_eq!(
            check(
                Some(SIGNATURE_HEX),
                Some("1700000001"),
                BODY,
                &[PUBLIC_KEY],
                None,
                TS
            ),
            Err(VerifyError::Mismatch)
        );
    }

    #[test]
    fn window_applies_only_when_set_and_both_ways() {
        // The SDK checks no window: none configured, an old signature still passes.
        assert!(dc1(BODY, &[PUBLIC_KEY], None, TS + 86_400).is_ok());
        assert!(matches!(
            dc1(BODY, &[PUBLIC_KEY], Some(300), TS + 301),
            Err(VerifyError::Stale { .. })
        ));
        assert!(matches!(
            dc1(BODY, &[PUBLIC_KEY], Some(300), TS - 301),
            Err(VerifyError::Future { .. })
        ));
    }

    #[test]
    fn malformed_headers_and_keys() {
        assert_eq!(
            check(None, Some("1700000000"), BODY, &[PUBLIC_KEY], None, TS),
            Err(VerifyError::MissingHeader(SIGNATURE_NAME))
        );
        assert_eq!(
            check(Some(SIGNATURE_HEX), None, BODY, &[PUBLIC_KEY], None, TS),
            Err(VerifyError::MissingHeader(TIMESTAMP_NAME))
        );
        assert_eq!(
            check(
                Some("abcd"),
                Some("1700000000"),
                BODY,
                &[PUBLIC_KEY],
                None,
                TS
            ),
            Err(VerifyError::MalformedHeader(SIGNATURE_NAME))
        );
        assert_eq!(
            check(
                Some(&SIGNATURE_HEX.replace('f', "g")),
                Some("1"),
                BODY,
                &[PUBLIC_KEY],
                None,
                TS
            ),
            Err(VerifyError::MalformedHeader(SIGNATURE_NAME))
        );
        // With a window, the timestamp must be unix seconds (checked after the signature).
        let message_sig = SIGNATURE_HEX;
        assert_eq!(
            check(
                Some(message_sig),
                Some("soon"),
                BODY,
                &[PUBLIC_KEY],
                Some(300),
                TS
            ),
            Err(VerifyError::Mismatch)
        );
        assert!(decode_public_key("abc").is_err());
        assert!(decode_public_key(&"zz".repeat(32)).is_err());
        assert!(decode_public_key(&PUBLIC_KEY[2..]).is_err());
        assert!(decode_public_key(PUBLIC_KEY).is_ok());
    }
}
