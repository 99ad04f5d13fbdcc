//! `X-Twilio-Signature`: base64 HMAC-SHA1 (or HMAC-SHA256) of the public URL followed by
//! the sorted form parameters, or of the URL alone when it carries `bodySHA256`.

use std::collections::{BTreeMap, BTreeSet};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::Hmac;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::url;
use crate::provider::RawRequest;
use crate::verify::header_list::items;
use crate::verify::signature::{mac, Encoding, HmacSha256};
use crate::verify::{
    constant_time_eq, first_matching_secret, Verified, VerifyContext, VerifyError,
};

const SIGNATURE: &str = "x-twilio-signature";
const SIGNATURE_NAME: &str = "X-Twilio-Signature";
const SETTINGS: &str = "x-twilio-webhooks-signature-settings";
const SETTINGS_NAME: &str = "X-Twilio-Webhooks-Signature-Settings";
/// The query parameter Twilio adds to the URL of a JSON delivery.
pub(super) const BODY_HASH_PARAM: &str = "bodySHA256";

/// The HMAC the signature was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    /// The default, keyed with the account's Auth Token.
    HmacSha1,
    /// Announced by `X-Twilio-Webhooks-Signature-Settings: …,algorithm=HMAC_SHA256`.
    HmacSha256,
}

impl Algorithm {
    fn mac(self, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        match self {
            Algorithm::HmacSha1 => mac::<Hmac<Sha1>>(key, parts).to_vec(),
            Algorithm::HmacSha256 => mac::<HmacSha256>(key, parts).to_vec(),
        }
    }
}

/// The settings header's `algorithm=`: absent header or key → HMAC-SHA1; an algorithm
/// this version does not know fails closed, as the SDKs do.
fn algorithm(request: &RawRequest<'_>) -> Result<Algorithm, VerifyError> {
    let Some(value) = request.headers.get(SETTINGS) else {
        return Ok(Algorithm::HmacSha1);
    };
    let value = value
        .to_str()
        .map_err(|_| VerifyError::MalformedHeader(SETTINGS_NAME))?;
    let named = items(value, ',')
        .find(|(key, _)| key.trim() == "algorithm")
        .map(|(_, algorithm)| algorithm.trim());
    match named {
        None | Some("HMAC_SHA1") => Ok(Algorithm::HmacSha1),
        Some("HMAC_SHA256") => Ok(Algorithm::HmacSha256),
        Some(_) => Err(VerifyError::MalformedHeader(SETTINGS_NAME)),
    }
}

/// `bodySHA256` of the request's query, when present.
pub(super) fn body_hash_param(request: &RawRequest<'_>) -> Option<String> {
    let query = request.uri.query()?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    pairs
        .into_iter()
        .find(|(name, _)| name == BODY_HASH_PARAM)
        .map(|(_, value)| value)
}

/// The form parameters as Twilio appends them: names sorted, each name's values
/// de-duplicated and sorted, every pair written `name` + `value`.
fn sorted_params(body: &[u8]) -> Result<Vec<u8>, VerifyError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(body).map_err(|_| VerifyError::Mismatch)?;
    let mut params: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, value) in pairs {
        params.entry(name).or_default().insert(value);
    }
    let mut signed = Vec::with_capacity(body.len());
    for (name, values) in &params {
        for value in values {
            signed.extend_from_slice(name.as_bytes());
            signed.extend_from_slice(value.as_bytes());
        }
    }
    Ok(signed)
}

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let signature = request
        .headers
        .get(SIGNATURE)
        .ok_or(VerifyError::MissingHeader(SIGNATURE_NAME))?
        .to_str()
        .ok()
        .and_then(|text| STANDARD.decode(text).ok())
        .ok_or(VerifyError::MalformedHeader(SIGNATURE_NAME))?;
    let algorithm = algorithm(request)?;
    let body_hash = body_hash_param(request);
    // JSON: the URL (holding the body's hash) is signed alone; form: URL + parameters.
    let params = match body_hash {
        Some(_) => Vec::new(),
        None => sorted_params(request.body)?,
    };
    let urls = url::candidates(request, context)?;
    let verified = first_matching_secret(context, |secret| {
        let mut matched = false;
        for url in &urls {
            let expected = algorithm.mac(secret.expose(), &[url.as_bytes(), &params]);
            matched |= constant_time_eq(&expected, &signature);
        }
        matched
    })?;
    if let Some(hash) = body_hash {
        let expected: [u8; 32] = Sha256::digest(request.body).into();
        let matches = Encoding::Hex
            .decode::<32>(&hash)
            .is_some_and(|sent| constant_time_eq(&expected, &sent));
        if !matches {
            return Err(VerifyError::Mismatch);
        }
    }
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    // TW-1..TW-6 of shared/test-vectors.md: twilio-php / twilio-csharp test suites and
    // Twilio's docs (TW-1, TW-2, TW-3), twilio-node (TW-4), a repeated-parameter case
    // (TW-5), and twilio npm 6.3.1 `getExpectedTwilioSignature(…, "HMAC_SHA256")` (TW-6).
    const TOKEN: &str = "12345";
    const PATH: &str = "/myapp.php?foo=1&bar=2";
    const FORM: &str = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
    const TW1: &str = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    const TW2: &str = "g9IN/x4Cft2g517EjYvEvM/W7LU=";
    const JSON_BODY: &str = r#"{"property": "value", "boolean": true}"#;
    const TW3: &str = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    const TW4: &str = "a9nBmqA0ju/hNViExpshrM61xv4=";
    const TW5_FORM: &str = "Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234";
    const TW5: &str = "IK+Dwps556ElfBT0I3Rgjkr1wJU=";
    const TW6: &str = "033hgUJA9M/hXIZsYjwkerEP/DBm35nEri5FhCYjA5s=";

    struct Case<'a> {
        path: &'a str,
        body: &'a str,
        signature: &'a str,
        headers: &'a [(&'static str, &'a str)],
        public_url: Option<&'a str>,
        tokens: &'a [&'a str],
    }

    const BASE: Case<'static> = Case {
        path: PATH,
        body: FORM,
        signature: TW1,
        headers: &[],
        public_url: Some("https://mycompany.com"),
        tokens: &[TOKEN],
    };

    fn check(case: Case<'_>) -> Result<Verified, VerifyError> {
        let mut headers = vec![(SIGNATURE, case.signature)];
        headers.extend_from_slice(case.headers);
        let endpoint = Endpoint {
            public_url: case.public_url,
            ..Endpoint::new(case.tokens, None, 0)
        };
        fixture::run(verify, case.path, &headers, case.body.as_bytes(), &endpoint)
    }

    #[test]
    fn form_vectors_pass() {
        assert_eq!(check(BASE).unwrap().secret_index, 0);
        let mixed_case_host = Case {
            signature: TW2,
            public_url: Some("https://MyCompany.com/"),
            ..BASE
        };
        assert!(check(mixed_case_host).is_ok());
        let repeated = Case {
            body: TW5_FORM,
            signature: TW5,
            ..BASE
        };
        assert!(check(repeated).is_ok());
        let rotated = Case {
            tokens: &["other", TOKEN],
            ..BASE
        };
        assert_eq!(check(rotated).unwrap().secret_index, 1);
    }

    #[test]
    fn json_vector_checks_signature_and_body_hash() {
        let path = format!("{PATH}&bodySHA256={TW3}");
        let json = Case {
            path: &path,
            body: JSON_BODY,
            signature: TW4,
            ..BASE
        };
        assert!(check(json).is_ok());
        let tampered = JSON_BODY.replace("value", "valuf");
        let tampered = Case {
            path: &path,
            body: &tampered,
            signature: TW4,
            ..BASE
        };
        assert_eq!(check(tampered), Err(VerifyError::Mismatch));
    }

    #[test]
    fn sha256_is_switched_on_by_the_settings_header() {
        let settings = [(SETTINGS, "key=SK123,algorithm=HMAC_SHA256")];
        let sha256 = Case {
            signature: TW6,
            headers: &settings,
            ..BASE
        };
        assert!(check(sha256).is_ok());
        // Without the header the SHA-256 signature is not accepted, nor SHA-1 with it.
        assert_eq!(
            check(Case {
                signature: TW6,
                ..BASE
            }),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Case {
                headers: &settings,
                ..BASE
            }),
            Err(VerifyError::Mismatch)
        );
        let sha1_named = [(SETTINGS, "key=SK123,algorithm=HMAC_SHA1")];
        assert!(check(Case {
            headers: &sha1_named,
            ..BASE
        })
        .is_ok());
        let unknown = [(SETTINGS, "key=SK123,algorithm=HMAC_SHA512")];
        assert_eq!(
            check(Case {
                headers: &unknown,
                ..BASE
            }),
            Err(VerifyError::MalformedHeader(SETTINGS_NAME))
        );
    }

    #[test]
    fn url_variants_and_no_fallback_on_host() {
        // Configured with the default port, signed without it (and the other way round).
        assert!(check(Case {
            public_url: Some("https://mycompany.com:443"),
            ..BASE
        })
        .is_ok());
        // No public URL (the router refuses to build so): the client's `Host` header
        // is never trusted instead.
        let host = [("host", "mycompany.com")];
        assert_eq!(
            check(Case {
                public_url: None,
                headers: &host,
                ..BASE
            }),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Case {
                public_url: Some("https://other.example"),
                ..BASE
            }),
            Err(VerifyError::Mismatch)
        );
    }

    #[test]
    fn tampered_wrong_token_and_malformed() {
        let tampered = FORM.replace("1234&", "1235&");
        assert_eq!(
            check(Case {
                body: &tampered,
                ..BASE
            }),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Case {
                tokens: &["54321"],
                ..BASE
            }),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Case {
                path: "/myapp.php?foo=1&bar=3",
                ..BASE
            }),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            check(Case {
                signature: "not base64!",
                ..BASE
            }),
            Err(VerifyError::MalformedHeader(SIGNATURE_NAME))
        );
        assert_eq!(
            check(Case {
                signature: "",
                ..BASE
            }),
            Err(VerifyError::Mismatch)
        );
    }
}
