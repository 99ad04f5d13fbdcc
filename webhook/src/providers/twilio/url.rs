//! The URL Twilio signed, rebuilt from the configured public URL and the path and
//! query as received, and its default-port variants.

use crate::provider::RawRequest;
use crate::verify::{VerifyContext, VerifyError};

/// Every URL the signature may have been computed over, most likely first.
pub(super) fn candidates(
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Vec<String>, VerifyError> {
    let path_and_query = request
        .uri
        .path_and_query()
        .map_or("/", |path_and_query| path_and_query.as_str());
    // The router is not built without a public URL (`Provider::SIGNS_URL`); should a
    // context lack one anyway, nothing verifies.
    let base = context.public_url.ok_or(VerifyError::Mismatch)?;
    let url = format!("{}{path_and_query}", base.trim_end_matches('/'));
    let toggled = toggle_default_port(&url);
    Ok(std::iter::once(url).chain(toggled).collect())
}

/// The same URL with its scheme's default port removed when written, or added when
/// not (Twilio's SDKs try both); `None` for another port or scheme.
fn toggle_default_port(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return None,
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host = &authority[host_start..];
    // An IPv6 literal's colons are inside brackets.
    let port_start = host
        .rfind(':')
        .filter(|colon| host.rfind(']').is_none_or(|bracket| *colon > bracket));
    let authority = match port_start {
        Some(colon) if &host[colon..] == default_port => authority[..host_start + colon].to_owned(),
        Some(_) => return None,
        None => format!("{authority}{default_port}"),
    };
    Some(format!("{scheme}://{authority}{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ports_toggle() {
        assert_eq!(
            toggle_default_port("https://example.com/a?b=1").as_deref(),
            Some("https://example.com:443/a?b=1")
        );
        assert_eq!(
            toggle_default_port("https://example.com:443/a").as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(
            toggle_default_port("http://u:p@example.com:80").as_deref(),
            Some("http://u:p@example.com")
        );
        assert_eq!(
            toggle_default_port("http://u:p@example.com?x").as_deref(),
            Some("http://u:p@example.com:80?x")
        );
        assert_eq!(
            toggle_default_port("https://[::1]/x").as_deref(),
            Some("https://[::1]:443/x")
        );
        assert_eq!(toggle_default_port("https://example.com:8443/a"), None);
        assert_eq!(toggle_default_port("ftp://example.com/a"), None);
        assert_eq!(toggle_default_port("no scheme"), None);
    }
}
