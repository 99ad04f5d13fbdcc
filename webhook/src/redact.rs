//! [`Redaction`]: which headers never reach the store or the file log, and how headers
//! are written there.

use std::borrow::Cow;

use http::{HeaderMap, HeaderName, HeaderValue};

/// What a redacted header's value is stored as.
pub const REDACTED: &str = "[redacted]";

/// Which request headers are stored as [`REDACTED`] instead of their value: signatures,
/// tokens and credentials must never sit in a delivery log.
///
/// The default redacts every header whose name contains `signature`, `token`, `hmac`,
/// `secret`, `authorization`, `cookie`, `password` or `api-key`, plus
/// `x-hub-signature-256` and `stripe-signature` by name. Names compare
/// case-insensitively.
///
/// ```
/// use webhook::store::Redaction;
///
/// let redaction = Redaction::default().name("x-shopify-hmac-sha256").containing("x-acme-");
/// assert!(redaction.is_redacted("Stripe-Signature"));
/// assert!(redaction.is_redacted("X-Acme-Auth"));
/// assert!(!redaction.is_redacted("content-type"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    fragments: Vec<String>,
    names: Vec<String>,
}

impl Default for Redaction {
    fn default() -> Self {
        let fragments = [
            "signature",
            "token",
            "hmac",
            "secret",
            "authorization",
            "cookie",
            "password",
            "api-key",
        ];
        Redaction {
            fragments: fragments.map(str::to_owned).to_vec(),
            names: ["x-hub-signature-256", "stripe-signature"]
                .map(str::to_owned)
                .to_vec(),
        }
    }
}

impl Redaction {
    /// Redacts nothing: every header is stored as received. Add names to it, or start
    /// from [`Redaction::default`].
    pub fn nothing() -> Self {
        Redaction {
            fragments: Vec::new(),
            names: Vec::new(),
        }
    }

    /// Also redacts the header called `name`.
    pub fn name(mut self, name: &str) -> Self {
        self.names.push(name.to_ascii_lowercase());
        self
    }

    /// Also redacts every header whose name contains `fragment`.
    pub fn containing(mut self, fragment: &str) -> Self {
        self.fragments.push(fragment.to_ascii_lowercase());
        self
    }

    /// Whether the header called `name` is redacted.
    pub fn is_redacted(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.names.contains(&name)
            || self
                .fragments
                .iter()
                .any(|fragment| name.contains(fragment.as_str()))
    }

    /// The headers as logged: `[name, value]` pairs in arrival order (repeated headers
    /// stay repeated), redacted values replaced.
    pub(crate) fn pairs<'h>(&self, headers: &'h HeaderMap) -> Vec<(&'h str, Cow<'h, str>)> {
        headers
            .iter()
            .map(|(name, value)| {
                let value = if self.is_redacted(name.as_str()) {
                    Cow::Borrowed(REDACTED)
                } else {
                    // Non-UTF-8 bytes (rare, legal in HTTP) are stored lossily: only a
                    // replay's handlers read them back.
                    String::from_utf8_lossy(value.as_bytes())
                };
                (name.as_str(), value)
            })
            .collect()
    }

    /// The headers as stored: [`pairs`](Self::pairs) as a JSON array.
    #[cfg_attr(not(feature = "store"), allow(dead_code))]
    pub(crate) fn encode(&self, headers: &HeaderMap) -> String {
        serde_json::to_string(&self.pairs(headers)).unwrap_or_else(|_| "[]".to_owned())
    }
}

/// Reads headers stored by [`Redaction::encode`].
#[cfg_attr(not(feature = "store"), allow(dead_code))]
pub(crate) fn decode_headers(stored: &str) -> Result<HeaderMap, String> {
    let pairs: Vec<(String, String)> = serde_json::from_str(stored)
        .map_err(|error| format!("headers are not a JSON list of [name, value]: {error}"))?;
    let mut headers = HeaderMap::with_capacity(pairs.len());
    for (name, value) in pairs {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("`{name}` is not a header name"))?;
        let value = HeaderValue::from_bytes(value.as_bytes())
            .map_err(|_| format!("bad value for header `{name}`"))?;
        headers.append(name, value);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn secret_bearing_headers_are_redacted_by_default() {
        let redaction = Redaction::default();
        for name in [
            "Stripe-Signature",
            "X-Hub-Signature-256",
            "X-Gitlab-Token",
            "X-Shopify-Hmac-Sha256",
            "Authorization",
            "Proxy-Authorization",
            "X-Webhook-Secret",
            "X-Api-Key",
        ] {
            assert!(redaction.is_redacted(name), "{name}");
        }
        for name in [
            "content-type",
            "x-github-event",
            "x-github-delivery",
            "user-agent",
        ] {
            assert!(!redaction.is_redacted(name), "{name}");
        }
    }

    #[test]
    fn encoding_keeps_order_and_repeats_and_hides_values() {
        let stored = Redaction::default().encode(&headers(&[
            ("content-type", "application/json"),
            ("stripe-signature", "t=1,v1=deadbeef"),
            ("x-trace", "a"),
            ("x-trace", "b"),
        ]));
        assert!(!stored.contains("deadbeef"), "{stored}");
        let decoded = decode_headers(&stored).unwrap_or_default();
        assert_eq!(decoded["stripe-signature"], REDACTED);
        assert_eq!(decoded["content-type"], "application/json");
        let traces: Vec<_> = decoded.get_all("x-trace").iter().collect();
        assert_eq!(traces, ["a", "b"]);
    }

    #[test]
    fn nothing_redacts_nothing() {
        let stored = Redaction::nothing().encode(&headers(&[("stripe-signature", "v1=x")]));
        assert!(stored.contains("v1=x"));
    }

    #[test]
    fn malformed_stored_headers_are_reported() {
        assert!(decode_headers("{").is_err());
        assert!(decode_headers(r#"[["bad name", "x"]]"#).is_err());
    }
}
