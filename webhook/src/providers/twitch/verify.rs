//! `Twitch-Eventsub-Message-Signature: sha256=<hex>` over
//! `{message id}{message timestamp}{body}`.

use super::time::parse_rfc3339;
use crate::provider::RawRequest;
use crate::verify::signature::{match_hmac, Encoding, HmacSha256, SignatureFormat};
use crate::verify::{Verified, VerifyContext, VerifyError};

pub(super) const MESSAGE_ID: &str = "Twitch-Eventsub-Message-Id";
pub(super) const MESSAGE_TIMESTAMP: &str = "Twitch-Eventsub-Message-Timestamp";
const SIGNATURE: &str = "Twitch-Eventsub-Message-Signature";
pub(super) const SIGNATURE_FORMAT: SignatureFormat = SignatureFormat::new("sha256=", Encoding::Hex);

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signature = SIGNATURE_FORMAT.read::<32>(request, SIGNATURE, SIGNATURE)?;
    let message_id = request.required_header(MESSAGE_ID, MESSAGE_ID)?;
    let timestamp_text = request.required_header(MESSAGE_TIMESTAMP, MESSAGE_TIMESTAMP)?;
    let signed = [
        message_id.as_bytes(),
        timestamp_text.as_bytes(),
        request.body,
    ];
    let verified = match_hmac::<HmacSha256, 32>(context, &[signature], &signed)?;
    if context.tolerance.is_some() {
        let timestamp =
            parse_rfc3339(timestamp_text).ok_or(VerifyError::MalformedHeader(MESSAGE_TIMESTAMP))?;
        context.check_within(timestamp)?;
    }
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};
    use crate::verify::hmac_sha256;

    // Vector TT-1 of shared/test-vectors.md (computed from the scheme as the official
    // twitch-cli signs it, with the header timestamp verbatim).
    const SECRET: &str = "twitch_secret_1234";
    const ID: &str = "e76c6bd4-55c9-4987-8304-da1588d8988b";
    const TS: &str = "2019-11-16T10:11:12.634234626Z";
    const BODY: &[u8] = br#"{"subscription":{"type":"channel.follow"},"event":{}}"#;
    const TT1: &str = "sha256=14ed36bac0b83cc9efd5cd32e8735d4890d28666e719bed3753162d63286a9a5";
    /// 2019-11-16T10:11:12Z.
    const SIGNED_AT: u64 = 1_573_899_072;

    fn tt1(signature: &str, timestamp: &str) -> [(&'static str, String); 3] {
        [
            (SIGNATURE, signature.to_owned()),
            (MESSAGE_ID, ID.to_owned()),
            (MESSAGE_TIMESTAMP, timestamp.to_owned()),
        ]
    }

    fn run(
        headers_in: &[(&'static str, String)],
        body: &[u8],
        secrets: &[&str],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let headers: Vec<(&str, &str)> = headers_in
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let endpoint = Endpoint::new(secrets, Some(600), now);
        fixture::run(verify, "/", &headers, body, &endpoint)
    }

    #[test]
    fn published_vector_passes() {
        let ok = run(&tt1(TT1, TS), BODY, &[SECRET], SIGNED_AT + 30).unwrap();
        assert_eq!(ok.secret_index, 0);
        let rotated = run(&tt1(TT1, TS), BODY, &["new", SECRET], SIGNED_AT).unwrap();
        assert_eq!(rotated.secret_index, 1);
    }

    #[test]
    fn tampered_wrong_secret_reformatted_timestamp_and_stale_fail() {
        let mut tampered = BODY.to_vec();
        tampered[20] ^= 1;
        assert_eq!(
            run(&tt1(TT1, TS), &tampered, &[SECRET], SIGNED_AT),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            run(&tt1(TT1, TS), BODY, &["wrong"], SIGNED_AT),
            Err(VerifyError::Mismatch)
        );
        // The same instant written differently is not the signed string.
        assert_eq!(
            run(
                &tt1(TT1, "2019-11-16T10:11:12.6342346Z"),
                BODY,
                &[SECRET],
                SIGNED_AT
            ),
            Err(VerifyError::Mismatch)
        );
        assert!(matches!(
            run(&tt1(TT1, TS), BODY, &[SECRET], SIGNED_AT + 601),
            Err(VerifyError::Stale {
                age_secs: 601,
                tolerance_secs: 600
            })
        ));
        // Ahead of our clock: within the tolerance passes, beyond it is refused.
        assert!(run(&tt1(TT1, TS), BODY, &[SECRET], SIGNED_AT - 599).is_ok());
        assert!(matches!(
            run(&tt1(TT1, TS), BODY, &[SECRET], SIGNED_AT - 3600),
            Err(VerifyError::Future { .. })
        ));
    }

    #[test]
    fn malformed_and_missing_headers() {
        let [signature, id, timestamp] = tt1(TT1, TS);
        assert_eq!(
            run(&[id.clone(), timestamp.clone()], BODY, &[SECRET], SIGNED_AT),
            Err(VerifyError::MissingHeader(SIGNATURE))
        );
        assert_eq!(
            run(&[signature.clone(), timestamp], BODY, &[SECRET], SIGNED_AT),
            Err(VerifyError::MissingHeader(MESSAGE_ID))
        );
        assert_eq!(
            run(&[signature, id], BODY, &[SECRET], SIGNED_AT),
            Err(VerifyError::MissingHeader(MESSAGE_TIMESTAMP))
        );
        for bad in [&TT1[7..], "sha1=00", "sha256=xyz", ""] {
            assert_eq!(
                run(&tt1(bad, TS), BODY, &[SECRET], SIGNED_AT),
                Err(VerifyError::MalformedHeader(SIGNATURE)),
                "{bad}"
            );
        }
        // A correctly signed but unreadable timestamp is refused.
        let odd = "Sat, 16 Nov 2019 10:11:12 GMT";
        let digest = hmac_sha256(SECRET.as_bytes(), &[ID.as_bytes(), odd.as_bytes(), BODY]);
        let signature = format!("sha256={}", hex::encode(digest));
        assert_eq!(
            run(&tt1(&signature, odd), BODY, &[SECRET], SIGNED_AT),
            Err(VerifyError::MalformedHeader(MESSAGE_TIMESTAMP))
        );
    }
}
