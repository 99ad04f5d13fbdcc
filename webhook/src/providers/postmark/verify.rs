//! `Authorization: Basic <base64 of user:password>`, compared in constant time with the
//! configured pairs.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::provider::RawRequest;
use crate::secret::Secret;
use crate::verify::{constant_time_eq, first_matching_secret, Verified, VerifyContext, VerifyError};

const HEADER_NAME: &str = "Authorization";

/// A configured secret is `user:password`, as written in Postmark's webhook URL.
pub(super) fn decode_credentials(text: &str) -> Result<Secret, String> {
    match text.split_once(':') {
        Some((user, _)) if !user.is_empty() => Ok(Secret::new(text.as_bytes())),
        _ => Err(
            "the secret is the webhook's HTTP Basic credentials, written `user:password`"
                .to_owned(),
        ),
    }
}

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let value = request.required_header(http::header::AUTHORIZATION, HEADER_NAME)?;
    let (scheme, encoded) = value
        .split_once(' ')
        .ok_or(VerifyError::MalformedHeader(HEADER_NAME))?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(VerifyError::MalformedHeader(HEADER_NAME));
    }
    let credentials = STANDARD
        .decode(encoded.trim())
        .map_err(|_| VerifyError::MalformedHeader(HEADER_NAME))?;
    first_matching_secret(context, |secret| {
        constant_time_eq(secret.expose(), &credentials)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    fn check(header: Option<&str>) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint::new(&["old:pair", "postmark:s3cret"], None, 0);
        fixture::run(verify, "/", &[("authorization", header)], b"{}", &endpoint)
    }

    #[test]
    fn only_configured_credentials_pass() {
        // base64("postmark:s3cret"), as `curl -u postmark:s3cret` sends it.
        assert_eq!(
            check(Some("Basic cG9zdG1hcms6czNjcmV0")),
            Ok(Verified { secret_index: 1 })
        );
        assert_eq!(
            check(Some("basic cG9zdG1hcms6czNjcmV0")),
            Ok(Verified { secret_index: 1 })
        );
        // base64("postmark:s3creT")
        assert_eq!(
            check(Some("Basic cG9zdG1hcms6czNjcmVU")),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(check(None), Err(VerifyError::MissingHeader(HEADER_NAME)));
        for bad in ["cG9zdG1hcms6czNjcmV0", "Bearer cG9zdG1hcms6czNjcmV0", "Basic !!"] {
            assert_eq!(
                check(Some(bad)),
                Err(VerifyError::MalformedHeader(HEADER_NAME)),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_secret_must_be_a_user_password_pair() {
        assert!(decode_credentials("user:pass").is_ok());
        assert!(decode_credentials("user:").is_ok());
        assert!(decode_credentials("nopair").is_err());
        assert!(decode_credentials(":pass").is_err());
    }
}
