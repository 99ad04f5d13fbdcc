//! `X-Telegram-Bot-Api-Secret-Token`: the configured secret itself, compared in
//! constant time.

use crate::provider::RawRequest;
use crate::verify::{constant_time_eq, first_matching_secret, Verified, VerifyContext, VerifyError};

pub(super) const HEADER: &str = "x-telegram-bot-api-secret-token";
const HEADER_NAME: &str = "X-Telegram-Bot-Api-Secret-Token";

pub(super) fn verify(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let token = request.required_header(HEADER, HEADER_NAME)?;
    first_matching_secret(context, |secret| {
        constant_time_eq(secret.expose(), token.as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::fixture::{self, Endpoint};

    fn check(header: Option<&str>, secrets: &[&str]) -> Result<Verified, VerifyError> {
        let endpoint = Endpoint::new(secrets, None, 0);
        fixture::run(verify, "/", &[(HEADER, header)], b"{}", &endpoint)
    }

    #[test]
    fn only_a_configured_token_passes() {
        assert_eq!(
            check(Some("tg_Secret-123"), &["old", "tg_Secret-123"]),
            Ok(Verified { secret_index: 1 })
        );
        for wrong in ["tg_secret-123", "tg_Secret-12", "tg_Secret-1234", ""] {
            assert_eq!(
                check(Some(wrong), &["tg_Secret-123"]),
                Err(VerifyError::Mismatch),
                "{wrong:?}"
            );
        }
        assert_eq!(
            check(None, &["tg_Secret-123"]),
            Err(VerifyError::MissingHeader(HEADER_NAME))
        );
    }
}
