//! `X-Slack-Signature: v0=<hex>` over `v0:{X-Slack-Request-Timestamp}:{body}`.

use http::HeaderName;

use crate::provider::RawRequest;
use crate::verify::{parse_digits, v0, Verified, VerifyContext, VerifyError};

// Header names as constants: a lookup by `&str` parses and lowercases the name on
// every request.
const SIGNATURE: HeaderName = HeaderName::from_static("x-slack-signature");
const SIGNATURE_NAME: &str = "X-Slack-Signature";
const TIMESTAMP: HeaderName = HeaderName::from_static("x-slack-request-timestamp");
const TIMESTAMP_NAME: &str = "X-Slack-Request-Timestamp";

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signature = request.required_header(&SIGNATURE, SIGNATURE_NAME)?;
    let timestamp_text = request.required_header(&TIMESTAMP, TIMESTAMP_NAME)?;
    // Slack's SDKs split on `=` and refuse any version but `v0`.
    let signature = match signature.split_once('=') {
        Some(("v0", _)) => v0::FORMAT
            .decode::<32>(signature)
            .ok_or(VerifyError::MalformedHeader(SIGNATURE_NAME))?,
        Some(_) => return Err(VerifyError::NoSignature("v0")),
        None => return Err(VerifyError::MalformedHeader(SIGNATURE_NAME)),
    };
    // Digits only: the signed string uses the header verbatim.
    let timestamp =
        parse_digits(timestamp_text).ok_or(VerifyError::MalformedHeader(TIMESTAMP_NAME))?;
    let verified = v0::match_secret(context, signature, timestamp_text, request.body)?;
    context.check_within(timestamp)?;
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // Vector SL-1: Slack's "Verifying requests from Slack" documentation.
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const TIMESTAMP_VALUE: &str = "1531420618";
    const SIGNATURE_VALUE: &str =
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    const BODY: &[u8] = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const T: u64 = 1_531_420_618;

    fn check(
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
        secrets: &[&str],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let headers = [(SIGNATURE_NAME, signature), (TIMESTAMP_NAME, timestamp)];
        let endpoint = Endpoint::new(secrets, Some(300), now);
        fixture::run(verify, "/", &headers, body, &endpoint)
    }

    fn vector(body: &[u8], secrets: &[&str], now: u64) -> Result<Verified, VerifyError> {
        check(
            Some(SIGNATURE_VALUE),
            Some(TIMESTAMP_VALUE),
            body,
            secrets,
            now,
        )
    }

    #[test]
    fn documented_vector_passes_with_any_configured_secret() {
        assert_eq!(vector(BODY, &[SECRET], T + 10).unwrap().secret_index, 0);
        assert_eq!(vector(BODY, &["old", SECRET], T).unwrap().secret_index, 1);
    }

    #[test]
    fn tampered_and_wrong_secret_fail() {
        let mut tampered = BODY.to_vec();
        tampered[0] ^= 1;
        assert_eq!(vector(&tampered, &[SECRET], T), Err(VerifyError::Mismatch));
        assert_eq!(vector(BODY, &["wrong"], T), Err(VerifyError::Mismatch));
        let other_time = check(
            Some(SIGNATURE_VALUE),
            Some("1531420619"),
            BODY,
            &[SECRET],
            T,
        );
        assert_eq!(other_time, Err(VerifyError::Mismatch));
    }

    #[test]
    fn stale_and_future_timestamps_fail() {
        assert!(vector(BODY, &[SECRET], T + 300).is_ok());
        assert!(matches!(
            vector(BODY, &[SECRET], T + 301),
            Err(VerifyError::Stale { age_secs: 301, .. })
        ));
        assert!(vector(BODY, &[SECRET], T - 300).is_ok());
        assert!(matches!(
            vector(BODY, &[SECRET], T - 301),
            Err(VerifyError::Future { ahead_secs: 301, .. })
        ));
    }

    #[test]
    fn malformed_headers() {
        let sig = Some(SIGNATURE_VALUE);
        let ts = Some(TIMESTAMP_VALUE);
        assert_eq!(
            check(None, ts, BODY, &[SECRET], T),
            Err(VerifyError::MissingHeader(SIGNATURE_NAME))
        );
        assert_eq!(
            check(sig, None, BODY, &[SECRET], T),
            Err(VerifyError::MissingHeader(TIMESTAMP_NAME))
        );
        for bad in [
            "1531420618.5",
            "-1",
            "+1531420618",
            "",
            "99999999999999999999",
        ] {
            assert_eq!(
                check(sig, Some(bad), BODY, &[SECRET], T),
                Err(VerifyError::MalformedHeader(TIMESTAMP_NAME)),
                "{bad}"
            );
        }
        let v1 = SIGNATURE_VALUE.replacen("v0", "v1", 1);
        assert_eq!(
            check(Some(&v1), ts, BODY, &[SECRET], T),
            Err(VerifyError::NoSignature("v0"))
        );
        for bad in ["a2114d57", "v0=xyz", "v0=", "v0=a2114d57"] {
            assert!(
                matches!(
                    check(Some(bad), ts, BODY, &[SECRET], T),
                    Err(VerifyError::MalformedHeader(SIGNATURE_NAME))
                ),
                "{bad}"
            );
        }
    }
}
