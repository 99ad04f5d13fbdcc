//! `webhook-signature: v1,<base64> v1a,<base64> …` over `{webhook-id}.{webhook-timestamp}.{body}`.

use ed25519_dalek::Signature;

use super::key::{key, Key};
use crate::provider::RawRequest;
use crate::verify::candidates::Candidates;
use crate::verify::signature::Encoding;
use crate::verify::{
    first_matching_secret, hmac_sha256, matches_any, parse_seconds, Verified, VerifyContext,
    VerifyError,
};

/// A Standard Webhooks header and its Svix-branded alias; the alias wins when both are
/// present, as the Svix libraries do.
#[derive(Clone, Copy)]
pub(super) struct HeaderPair {
    pub(super) standard: &'static str,
    pub(super) svix: &'static str,
}

pub(super) const ID: HeaderPair = HeaderPair {
    standard: "webhook-id",
    svix: "svix-id",
};
pub(super) const TIMESTAMP: HeaderPair = HeaderPair {
    standard: "webhook-timestamp",
    svix: "svix-timestamp",
};
const SIGNATURE: HeaderPair = HeaderPair {
    standard: "webhook-signature",
    svix: "svix-signature",
};
/// A sender signs once per active key; more items than this is not a real header.
const MAX_SIGNATURES: usize = 16;

impl HeaderPair {
    /// The header's value (`svix-*` first), `None` when neither is present.
    pub(super) fn get<'a>(self, request: &RawRequest<'a>) -> Option<&'a str> {
        request
            .header(self.svix)
            .or_else(|| request.header(self.standard))
    }

    fn require<'a>(self, request: &RawRequest<'a>) -> Result<&'a str, VerifyError> {
        let present =
            request.headers.contains_key(self.svix) || request.headers.contains_key(self.standard);
        match self.get(request) {
            Some(value) => Ok(value),
            None if present => Err(VerifyError::MalformedHeader(self.standard)),
            None => Err(VerifyError::MissingHeader(self.standard)),
        }
    }
}

/// The decodable signatures of a `webhook-signature` list.
#[derive(Debug)]
pub(super) struct Signatures {
    pub(super) v1: Candidates<32, MAX_SIGNATURES>,
    pub(super) v1a: Candidates<64, MAX_SIGNATURES>,
}

/// Splits the space-separated list into `version,signature` items; `v1` and `v1a` items
/// that decode are kept, unknown versions and undecodable items skipped.
pub(super) fn parse_signatures(value: &str) -> Result<Signatures, VerifyError> {
    let mut signatures = Signatures {
        v1: Candidates::new(),
        v1a: Candidates::new(),
    };
    for item in value.split_ascii_whitespace().take(MAX_SIGNATURES) {
        let Some((version, encoded)) = item.split_once(',') else {
            continue;
        };
        match version {
            "v1" => signatures.v1.extend(Encoding::Base64.decode(encoded)),
            "v1a" => signatures.v1a.extend(Encoding::Base64.decode(encoded)),
            _ => {}
        }
    }
    if signatures.v1.is_empty() && signatures.v1a.is_empty() {
        return Err(VerifyError::NoSignature("v1"));
    }
    Ok(signatures)
}

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let id = ID.require(request)?;
    let timestamp_text = TIMESTAMP.require(request)?;
    let timestamp = parse_seconds(timestamp_text, TIMESTAMP.standard)?;
    let signatures = parse_signatures(SIGNATURE.require(request)?)?;
    let signed = [
        id.as_bytes(),
        b".",
        timestamp_text.as_bytes(),
        b".",
        request.body,
    ];
    let verified = match_any_key(context, &signatures, &signed)?;
    context.check_within(timestamp)?;
    Ok(verified)
}

/// The first configured key that verifies any signature of its kind: symmetric secrets
/// against `v1` (constant-time), public keys against `v1a` (strict Ed25519).
fn match_any_key(
    context: &VerifyContext<'_>,
    signatures: &Signatures,
    signed: &[&[u8]],
) -> Result<Verified, VerifyError> {
    let mut message = None;
    first_matching_secret(context, |secret| match key(secret) {
        Some(Key::Symmetric(key)) if !signatures.v1.is_empty() => {
            matches_any(&hmac_sha256(key, signed), signatures.v1.as_slice())
        }
        Some(Key::PublicKey(public)) if !signatures.v1a.is_empty() => {
            let message: &Vec<u8> = message.get_or_insert_with(|| signed.concat());
            signatures.v1a.as_slice().iter().any(|signature| {
                let signature = Signature::from_bytes(signature);
                public.verify_strict(message, &signature).is_ok()
            })
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::super::key::decode;
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // SW-1 and SW-2 of shared/test-vectors.md: the standard-webhooks Go/Python tests
    // (SW-1; also npm `standardwebhooks` 1.1.1 `sign`) and
    // `libraries/go/webhook_asymmetric_test.go` @ 5fb2ce93 (SW-2).
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const PUBLIC_KEY: &str = "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=";
    const ID_VALUE: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TS: u64 = 1_614_265_330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SW1: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    const SW2: &str = "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";
    /// The invalid signature the spec's tests use.
    const BAD: &str = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    fn check_headers(
        headers: &[(&str, &str)],
        body: &[u8],
        secrets: &[&str],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint {
            secrets: secrets.iter().map(|s| decode(s).unwrap()).collect(),
            ..Endpoint::new(&[], Some(300), now)
        };
        fixture::run(verify, "/", headers, body, &endpoint)
    }

    fn check(
        signature: &str,
        body: &[u8],
        secrets: &[&str],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let ts = TS.to_string();
        check_headers(
            &[
                ("webhook-id", ID_VALUE),
                ("webhook-timestamp", &ts),
                ("webhook-signature", signature),
            ],
            body,
            secrets,
            now,
        )
    }

    #[test]
    fn published_vectors_pass() {
        assert_eq!(check(SW1, BODY, &[SECRET], TS).unwrap().secret_index, 0);
        assert_eq!(check(SW2, BODY, &[PUBLIC_KEY], TS).unwrap().secret_index, 0);
    }

    #[test]
    fn symmetric_secrets_and_public_keys_coexist() {
        let both = format!("{SW1} {SW2}");
        assert_eq!(
            check(&both, BODY, &[PUBLIC_KEY, SECRET], TS)
                .unwrap()
                .secret_index,
            0
        );
        assert_eq!(
            check(SW1, BODY, &[PUBLIC_KEY, SECRET], TS)
                .unwrap()
                .secret_index,
            1
        );
        // A v1 signature is never checked against a public key, nor v1a against a secret.
        assert_eq!(
            check(SW1, BODY, &[PUBLIC_KEY], TS),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(check(SW2, BODY, &[SECRET], TS), Err(VerifyError::Mismatch));
    }

    #[test]
    fn spec_negative_cases() {
        assert_eq!(check(BAD, BODY, &[SECRET], TS), Err(VerifyError::Mismatch));
        assert_eq!(
            check("v1,", BODY, &[SECRET], TS),
            Err(VerifyError::NoSignature("v1"))
        );
        let mixed = format!("v1,{} v2,{} {} v1,{}", &BAD[3..], &BAD[3..], SW1, &BAD[3..]);
        assert!(check(&mixed, BODY, &[SECRET], TS).is_ok());
    }

    #[test]
    fn tolerance_is_five_minutes_both_ways() {
        assert!(check(SW1, BODY, &[SECRET], TS + 300).is_ok());
        assert!(check(SW1, BODY, &[SECRET], TS - 300).is_ok());
        assert!(matches!(
            check(SW1, BODY, &[SECRET], TS + 301),
            Err(VerifyError::Stale { age_secs: 301, .. })
        ));
        assert!(matches!(
            check(SW1, BODY, &[SECRET], TS - 301),
            Err(VerifyError::Future { .. })
        ));
    }

    #[test]
    fn tampered_and_wrong_secret_fail() {
        let mut tampered = BODY.to_vec();
        tampered[3] ^= 1;
        assert_eq!(
            check(SW1, &tampered, &[SECRET], TS),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(SW2, &tampered, &[PUBLIC_KEY], TS),
            Err(VerifyError::Mismatch)
        );
        let wrong = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert_eq!(check(SW1, BODY, &[wrong], TS), Err(VerifyError::Mismatch));
        // Rotation: the second secret matches.
        assert_eq!(
            check(SW1, BODY, &[wrong, SECRET], TS).unwrap().secret_index,
            1
        );
    }

    #[test]
    fn svix_aliases_are_preferred() {
        let ts = TS.to_string();
        let svix = [
            ("svix-id", ID_VALUE),
            ("svix-timestamp", ts.as_str()),
            ("svix-signature", SW1),
        ];
        assert!(check_headers(&svix, BODY, &[SECRET], TS).is_ok());
        let both = [
            ("svix-id", ID_VALUE),
            ("svix-timestamp", ts.as_str()),
            ("svix-signature", SW1),
            ("webhook-id", "msg_other"),
            ("webhook-timestamp", "1"),
            ("webhook-signature", BAD),
        ];
        assert!(check_headers(&both, BODY, &[SECRET], TS).is_ok());
    }

    #[test]
    fn malformed_headers() {
        let ts = TS.to_string();
        assert_eq!(
            check_headers(&[("webhook-id", ID_VALUE)], BODY, &[SECRET], TS),
            Err(VerifyError::MissingHeader("webhook-timestamp"))
        );
        assert_eq!(
            check_headers(
                &[("webhook-timestamp", &ts), ("webhook-signature", SW1)],
                BODY,
                &[SECRET],
                TS
            ),
            Err(VerifyError::MissingHeader("webhook-id"))
        );
        assert_eq!(
            check_headers(
                &[
                    ("webhook-id", ID_VALUE),
                    ("webhook-timestamp", "soon"),
                    ("webhook-signature", SW1)
                ],
                BODY,
                &[SECRET],
                TS
            ),
            Err(VerifyError::MalformedHeader("webhook-timestamp"))
        );
        assert_eq!(
            check("garbage", BODY, &[SECRET], TS),
            Err(VerifyError::NoSignature("v1"))
        );
        assert_eq!(
            check("v1,%%%", BODY, &[SECRET], TS),
            Err(VerifyError::NoSignature("v1"))
        );
    }
}
