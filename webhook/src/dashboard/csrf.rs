//! Cross-site request forgery: every `POST` carries a token only the dashboard's own
//! pages hold, and a post another site made is refused by what the browser says about
//! its origin.
//!
//! The token is `<issued at>.<HMAC-SHA256 of it>` under a key drawn at random when the
//! dashboard is built (so restarting the process invalidates every page's token), valid
//! for [`TOKEN_LIFETIME`]. A page of another origin cannot read it (the same-origin
//! policy), so it cannot forge a form that carries it.

use std::time::{Duration, SystemTime};

use hmac::{Hmac, Mac};
use http::request::Parts;
use sha2::Sha256;

/// How long a page's token stays good: a dashboard left open for a working day still
/// replays.
pub(crate) const TOKEN_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// The per-process key tokens are signed with.
pub(crate) struct CsrfKey([u8; 32]);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey([redacted])")
    }
}

impl CsrfKey {
    /// A fresh random key.
    pub(crate) fn random() -> Self {
        CsrfKey(super::jobs::random_bytes())
    }

    fn sign(&self, issued: u64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key");
        mac.update(b"webhook-dashboard-csrf:");
        mac.update(issued.to_string().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A token for a page rendered now.
    pub(crate) fn issue(&self) -> String {
        let issued = unix_seconds(SystemTime::now());
        format!("{issued}.{}", self.sign(issued))
    }

    /// Checks a posted token: signed by this key, not expired.
    pub(crate) fn check(&self, token: Option<&str>) -> Result<(), &'static str> {
        let token = token.filter(|token| !token.is_empty()).ok_or(
            "this form has no CSRF token: reload the dashboard's page and submit it from there",
        )?;
        let invalid =
            "this form's CSRF token is not valid (the server restarted?): reload the page";
        let (issued, signature) = token.split_once('.').ok_or(invalid)?;
        let issued: u64 = issued.parse().map_err(|_| invalid)?;
        let expected = self.sign(issued);
        let equal: bool =
            subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), signature.as_bytes()).into();
        if !equal {
            return Err(invalid);
        }
        let now = unix_seconds(SystemTime::now());
        if now.saturating_sub(issued) > TOKEN_LIFETIME.as_secs() || issued > now + 60 {
            return Err("this page is too old to change anything: reload it and try again");
        }
        Ok(())
    }
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// Refuses a request another site made: `Sec-Fetch-Site` (sent by every current
/// browser) must be `same-origin` (or `none`, typed by the user); without it, an
/// `Origin` header must name this host. A client sending neither (curl, a script) is
/// no browser being tricked, and still needs the token.
pub(crate) fn check_same_origin(parts: &Parts) -> Result<(), String> {
    if let Some(site) = parts.headers.get("sec-fetch-site") {
        return match site.as_bytes() {
            b"same-origin" | b"none" => Ok(()),
            other => Err(format!(
                "cross-site request refused (Sec-Fetch-Site: {}): the dashboard changes \
                 nothing for another site's page",
                String::from_utf8_lossy(other)
            )),
        };
    }
    let Some(origin) = parts.headers.get(http::header::ORIGIN) else {
        return Ok(());
    };
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|host| host.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|origin| origin.split_once("://"))
        .map(|(_, host)| host);
    match (origin_host, host) {
        (Some(origin), Some(host)) if origin.eq_ignore_ascii_case(host) => Ok(()),
        _ => Err(
            "cross-origin request refused: the Origin header does not name this host".to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(headers: &[(&str, &str)]) -> Parts {
        let mut request = http::Request::builder().method("POST").uri("/replay");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(()).expect("request").into_parts().0
    }

    #[test]
    fn tokens_verify_under_their_key_only() {
        let key = CsrfKey::random();
        let token = key.issue();
        assert_eq!(key.check(Some(&token)), Ok(()));
        assert!(CsrfKey::random().check(Some(&token)).is_err());
        assert!(key.check(None).is_err());
        assert!(key.check(Some("")).is_err());
        assert!(key.check(Some("garbage")).is_err());
        let (issued, signature) = token.split_once('.').expect("two parts");
        let later = issued.parse::<u64>().expect("seconds") + 1;
        assert!(key.check(Some(&format!("{later}.{signature}"))).is_err());
        let stale = unix_seconds(SystemTime::now()) - TOKEN_LIFETIME.as_secs() - 10;
        assert!(key
            .check(Some(&format!("{stale}.{}", key.sign(stale))))
            .is_err());
    }

    #[test]
    fn cross_site_posts_are_refused() {
        assert!(check_same_origin(&parts(&[("sec-fetch-site", "same-origin")])).is_ok());
        assert!(check_same_origin(&parts(&[("sec-fetch-site", "cross-site")])).is_err());
        assert!(check_same_origin(&parts(&[("sec-fetch-site", "same-site")])).is_err());
        let same = [
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ];
        assert!(check_same_origin(&parts(&same)).is_ok());
        let other = [
            ("host", "127.0.0.1:3000"),
            ("origin", "https://evil.example"),
        ];
        assert!(check_same_origin(&parts(&other)).is_err());
        assert!(check_same_origin(&parts(&[("origin", "null")])).is_err());
        assert!(check_same_origin(&parts(&[])).is_ok());
    }
}
