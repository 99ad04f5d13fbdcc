//! `X-Twilio-Email-Event-Webhook-Signature`: base64 DER ECDSA P-256/SHA-256 over
//! `{X-Twilio-Email-Event-Webhook-Timestamp}{body}`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use p256::ecdsa::signature::DigestVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use sha2::{Digest, Sha256};

use crate::provider::RawRequest;
use crate::secret::Secret;
use crate::verify::{first_matching_secret, parse_seconds, Verified, VerifyContext, VerifyError};

const SIGNATURE: &str = "X-Twilio-Email-Event-Webhook-Signature";
const TIMESTAMP: &str = "X-Twilio-Email-Event-Webhook-Timestamp";

/// Reads the verification key as the SendGrid console shows it (base64 of a DER
/// SubjectPublicKeyInfo; a whole PEM block is accepted too) and keeps its SEC1
/// encoding, which is cheap to load per request.
pub(super) fn decode_key(text: &str) -> Result<Secret, String> {
    let base64_text: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("-----"))
        .flat_map(|line| line.split_whitespace())
        .collect();
    let der = STANDARD.decode(base64_text).map_err(|_| {
        "a SendGrid verification key is the base64 text the console shows \
         (`MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…`), and this is not base64"
            .to_owned()
    })?;
    let key = VerifyingKey::from_public_key_der(&der).map_err(|_| {
        "a SendGrid verification key is a P-256 public key (DER SubjectPublicKeyInfo), \
         and this is not one"
            .to_owned()
    })?;
    Ok(Secret::new(key.to_encoded_point(false).as_bytes()))
}

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let der = STANDARD
        .decode(request.required_header(SIGNATURE, SIGNATURE)?)
        .map_err(|_| VerifyError::MalformedHeader(SIGNATURE))?;
    let signature =
        Signature::from_der(&der).map_err(|_| VerifyError::MalformedHeader(SIGNATURE))?;
    let timestamp_text = request.required_header(TIMESTAMP, TIMESTAMP)?;
    let signed = Sha256::new()
        .chain_update(timestamp_text.as_bytes())
        .chain_update(request.body);
    let verified = first_matching_secret(context, |secret| {
        VerifyingKey::from_sec1_bytes(secret.expose())
            .is_ok_and(|key| key.verify_digest(signed.clone(), &signature).is_ok())
    })?;
    if context.tolerance.is_some() {
        context.check_within(parse_seconds(timestamp_text, TIMESTAMP)?)?;
    }
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vectors SG-1, SG-2 and SG-3 of shared/test-vectors.md, from the
    // `@sendgrid/eventwebhook` 8.0.0 test suite (`eventwebhook.spec.js`).
    const SG1_KEY: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
    const SG1_TS: &str = "1600112502";
    const SG1_BODY: &[u8] = b"[{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"reason\":\"Bounced Address\",\"sg_event_id\":\"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA\",\"sg_message_id\":\"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0\",\"smtp-id\":\"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>\",\"timestamp\":1600112492}]\r\n";
    const SG1_SIGNATURE: &str = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
    const SG2_KEY: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==";
    const SG2_TS: &str = "1619651159";
    const SG2_BODY: &[u8] = b"[{\"email\":\"invalid@gmail.com\",\"event\":\"processed\",\"send_at\":0,\"sg_event_id\":\"cHJvY2Vzc2VkLTE5OTQyMTEyLXFOd0JMZ1BRUWpXNkRKdktRd1NBYnctMA\",\"sg_message_id\":\"qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0\",\"smtp-id\":\"<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>\",\"timestamp\":1619651146},\r\n{\"email\":\"invalid@gmail.com\",\"event\":\"bounce\",\"ip\":\"167.89.101.76\",\"reason\":\"552 5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm c17si1130468pgv.34 - gsmtp\",\"sg_event_id\":\"Ym91bmNlLTAtMTk5NDIxMTItcU53QkxnUFFRalc2REp2S1F3U0Fidy0w\",\"sg_message_id\":\"qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0\",\"smtp-id\":\"<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>\",\"status\":\"5.2.2\",\"timestamp\":1619651147,\"tls\":1,\"type\":\"blocked\"}]\r\n";
    const SG2_SIGNATURE: &str = "MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5";

    fn check(
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
        keys: &[&str],
        tolerance: Option<u64>,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        let headers = [(SIGNATURE, signature), (TIMESTAMP, timestamp)];
        let endpoint = Endpoint {
            secrets: keys.iter().map(|key| decode_key(key).unwrap()).collect(),
            now,
            ..Endpoint::new(&[], tolerance, 0)
        };
        fixture::run(verify, "/", &headers, body, &endpoint)
    }

    fn sg1(body: &[u8], keys: &[&str]) -> Result<Verified, VerifyError> {
        let now = SystemTime::now();
        check(Some(SG1_SIGNATURE), Some(SG1_TS), body, keys, None, now)
    }

    #[test]
    fn published_vectors_pass_with_any_configured_key() {
        assert_eq!(sg1(SG1_BODY, &[SG1_KEY]).unwrap().secret_index, 0);
        assert_eq!(sg1(SG1_BODY, &[SG2_KEY, SG1_KEY]).unwrap().secret_index, 1);
        let now = SystemTime::now();
        let sg2 = check(
            Some(SG2_SIGNATURE),
            Some(SG2_TS),
            SG2_BODY,
            &[SG2_KEY],
            None,
            now,
        );
        assert_eq!(sg2.unwrap().secret_index, 0);
    }

    #[test]
    fn the_trailing_crlf_is_signed_and_tampering_or_the_wrong_key_fails() {
        // SG-3: SG-1 without its trailing CRLF.
        let without_crlf = &SG1_BODY[..SG1_BODY.len() - 2];
        assert_eq!(sg1(without_crlf, &[SG1_KEY]), Err(VerifyError::Mismatch));
        let tampered = String::from_utf8(SG1_BODY.to_vec())
            .unwrap()
            .replace("dropped", "dropper");
        assert_eq!(
            sg1(tampered.as_bytes(), &[SG1_KEY]),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(sg1(SG1_BODY, &[SG2_KEY]), Err(VerifyError::Mismatch));
        let now = SystemTime::now();
        let other_time = check(
            Some(SG1_SIGNATURE),
            Some("1600112503"),
            SG1_BODY,
            &[SG1_KEY],
            None,
            now,
        );
        assert_eq!(other_time, Err(VerifyError::Mismatch));
    }

    #[test]
    fn staleness_is_checked_only_when_a_tolerance_is_set() {
        let at = |seconds: u64| UNIX_EPOCH + Duration::from_secs(seconds);
        let signed_at = 1_600_112_502;
        let with = |tolerance, now| {
            check(
                Some(SG1_SIGNATURE),
                Some(SG1_TS),
                SG1_BODY,
                &[SG1_KEY],
                tolerance,
                now,
            )
        };
        assert!(with(Some(300), at(signed_at + 300)).is_ok());
        assert!(matches!(
            with(Some(300), at(signed_at + 301)),
            Err(VerifyError::Stale { .. })
        ));
        assert!(with(Some(300), at(signed_at - 300)).is_ok());
        assert!(matches!(
            with(Some(300), at(signed_at - 3600)),
            Err(VerifyError::Future { .. })
        ));
        assert!(with(None, at(signed_at + 10_000_000)).is_ok());
    }

    #[test]
    fn malformed_headers() {
        let now = SystemTime::now();
        let run = |signature, timestamp| {
            check(signature, timestamp, SG1_BODY, &[SG1_KEY], Some(300), now)
        };
        assert_eq!(
            run(None, Some(SG1_TS)),
            Err(VerifyError::MissingHeader(SIGNATURE))
        );
        assert_eq!(
            run(Some(SG1_SIGNATURE), None),
            Err(VerifyError::MissingHeader(TIMESTAMP))
        );
        for bad in ["", "not base64!", "AAAA", &SG1_SIGNATURE[4..]] {
            assert_eq!(
                run(Some(bad), Some(SG1_TS)),
                Err(VerifyError::MalformedHeader(SIGNATURE)),
                "{bad}"
            );
        }
    }

    #[test]
    fn keys_are_checked_when_configured() {
        assert!(decode_key(SG1_KEY).is_ok());
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n{}\n-----END PUBLIC KEY-----\n",
            &SG1_KEY[..64],
            &SG1_KEY[64..]
        );
        assert_eq!(decode_key(&pem), decode_key(SG1_KEY));
        assert!(decode_key("not base64!").unwrap_err().contains("base64"));
        assert!(decode_key("AAAA").unwrap_err().contains("P-256"));
        // An Ed25519 SubjectPublicKeyInfo is a key, but not a P-256 one.
        let ed25519 = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";
        assert!(decode_key(ed25519).unwrap_err().contains("P-256"));
    }
}
