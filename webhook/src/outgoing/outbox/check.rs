//! [`UrlCheck`]: the hook an endpoint's URL passes through when it is saved.

use std::future::Future;
use std::pin::Pin;

/// Decides whether an endpoint may be saved with a URL (the SSRF guard plugs in here).
/// A refusal's text is the reason the caller sees.
///
/// Any `Fn(&str) -> Result<(), String>` is one:
///
/// ```
/// # #[cfg(feature = "sqlite")]
/// # fn wire(outbox: webhook::outgoing::outbox::Outbox) -> webhook::outgoing::outbox::Outbox {
/// outbox.url_check(|url: &str| {
///     if url.starts_with("https://") { Ok(()) } else { Err("use https".to_owned()) }
/// })
/// # }
/// ```
pub trait UrlCheck: Send + Sync + 'static {
    /// `Ok` to accept `url`, or why not.
    fn check<'a>(
        &'a self,
        url: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;
}

impl<F> UrlCheck for F
where
    F: Fn(&str) -> Result<(), String> + Send + Sync + 'static,
{
    fn check<'a>(
        &'a self,
        url: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        let verdict = self(url);
        Box::pin(std::future::ready(verdict))
    }
}

/// What every URL must be, checked before the hook: `http` or `https` with a host, at
/// most 2048 bytes.
pub(crate) fn basic(url: &str) -> Result<(), String> {
    if url.len() > 2048 {
        return Err("the URL is longer than 2048 bytes".to_owned());
    }
    let uri: http::Uri = url
        .parse()
        .map_err(|error| format!("`{url}` is not a URL: {error}"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => {
            return Err(format!(
                "`{url}`: only http:// and https:// URLs can receive webhooks"
            ))
        }
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(format!("`{url}` has no host"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_with_a_host() {
        assert!(basic("https://hooks.example.com/in").is_ok());
        assert!(basic("http://127.0.0.1:8080/").is_ok());
        for bad in [
            "ftp://example.com/",
            "file:///etc/passwd",
            "example.com/in",
            "https://",
            "",
        ] {
            assert!(basic(bad).is_err(), "`{bad}` was accepted");
        }
        assert!(basic(&format!("https://a.example/{}", "x".repeat(2100))).is_err());
    }
}
