//! `webhook send`'s flags and the parsers of their values.

use std::net::IpAddr;
use std::time::Duration;

use clap::Args;
use http::{HeaderName, HeaderValue};
use webhook::outgoing::IpNet;
use webhook::outgoing::SigningKey;

/// Sign one message the Standard Webhooks way and deliver it, as a sender would.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct SendArgs {
    /// The endpoint: an http:// or https:// URL (public addresses only, unless --allow)
    #[arg(long, value_name = "URL")]
    pub(crate) to: String,
    /// A signing key: whsec_… (HMAC, v1) or whsk_… (Ed25519, v1a). Repeat it to sign
    /// with several, as during a rotation
    // Parsed after clap, by `signing_keys`: clap's own errors repeat the value given.
    #[arg(long = "secret", value_name = "KEY", required = true)]
    pub(crate) secrets: Vec<String>,
    /// The event type, the body's `type` (like invoice.paid)
    #[arg(long = "type", value_name = "TYPE")]
    pub(crate) event_type: String,
    /// The event's data, a JSON value: the body's `data`
    #[arg(long, value_name = "JSON", default_value = "{}")]
    pub(crate) data: String,
    /// The message id, the same on every attempt [default: a fresh msg_…]
    #[arg(long, value_name = "ID")]
    pub(crate) id: Option<String>,
    /// Let this address or network through the SSRF guard (like 127.0.0.1 or
    /// 10.1.0.0/16), for a receiver on this machine or your network. Repeatable;
    /// nothing else that is not public is let through
    #[arg(long = "allow", value_name = "CIDR", value_parser = parse_network)]
    pub(crate) allow: Vec<IpNet>,
    /// How many attempts at most, waiting between them as the Standard Webhooks retry
    /// schedule says (5s, 5m, 30m, 2h, …) or as the endpoint's Retry-After asks
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub(crate) attempts: u32,
    /// Time limit of each attempt, like 15s or 500ms
    #[arg(long, value_name = "TIME", default_value = "15s", value_parser = parse_timeout)]
    pub(crate) timeout: Duration,
    /// An extra request header, `Name: value`. Repeatable
    #[arg(long = "header", value_name = "HEADER", value_parser = parse_header)]
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// Send svix-id, svix-timestamp and svix-signature instead of webhook-*
    #[arg(long)]
    pub(crate) svix_headers: bool,
}

const AFTER_HELP: &str = "\
Examples:
  webhook send --to https://hooks.example.com/in --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \\
               --type invoice.paid --data '{\"id\":\"in_1\",\"amount\":1200}'
  webhook send --to http://127.0.0.1:3000/webhooks/standard_webhooks --allow 127.0.0.1 \\
               --secret whsec_… --type user.created --attempts 3

The body is {\"type\":TYPE,\"timestamp\":NOW,\"data\":JSON}. Each attempt is printed with its
status and duration; the exit code is 0 only when the message was delivered (2xx).";

/// The `--secret` values as keys; an error names which one (by position), never its text.
pub(crate) fn signing_keys(texts: &[String]) -> Result<Vec<SigningKey>, String> {
    texts
        .iter()
        .enumerate()
        .map(|(index, text)| {
            text.parse().map_err(|error: webhook::outgoing::SignError| {
                format!("--secret number {}: {error}", index + 1)
            })
        })
        .collect()
}

/// A CIDR, or a bare address (the address alone).
fn parse_network(text: &str) -> Result<IpNet, String> {
    if let Ok(address) = text.parse::<IpAddr>() {
        return Ok(IpNet::from(address));
    }
    text.parse().map_err(|_| {
        format!("`{text}` is neither an address nor a network (like 127.0.0.1 or 10.1.0.0/16)")
    })
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    let timeout = webhook::config::parse_duration(text).map_err(|error| error.to_string())?;
    if timeout.is_zero() {
        return Err("the timeout must be more than zero".to_owned());
    }
    Ok(timeout)
}

fn parse_header(text: &str) -> Result<(HeaderName, HeaderValue), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("`{text}` is not `Name: value`"))?;
    let name = HeaderName::try_from(name.trim())
        .map_err(|_| format!("`{}` is not a header name", name.trim()))?;
    let value = HeaderValue::try_from(value.trim())
        .map_err(|_| format!("the value of `{name}` is not a valid header value"))?;
    Ok((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_take_addresses_and_cidrs() {
        assert_eq!(
            parse_network("127.0.0.1").unwrap().to_string(),
            "127.0.0.1/32"
        );
        assert_eq!(parse_network("::1").unwrap().to_string(), "::1/128");
        assert_eq!(
            parse_network("10.1.0.0/16").unwrap().to_string(),
            "10.1.0.0/16"
        );
        assert!(parse_network("localhost").unwrap_err().contains("neither"));
    }

    #[test]
    fn headers_and_keys_say_what_is_wrong() {
        let (name, value) = parse_header("X-Tenant: acme").unwrap();
        assert_eq!(
            (name.as_str(), value.to_str().unwrap()),
            ("x-tenant", "acme")
        );
        assert!(parse_header("nocolon").is_err());
        assert!(parse_header("bad name: x").is_err());
        let keys = [
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned(),
            "whsec_%%%secret%%%".to_owned(),
        ];
        let error = signing_keys(&keys).unwrap_err();
        assert!(
            error.starts_with("--secret number 2: ") && !error.contains("secret%%%"),
            "{error}"
        );
        assert!(parse_timeout("0s").is_err());
        assert_eq!(parse_timeout("500ms"), Ok(Duration::from_millis(500)));
    }
}
