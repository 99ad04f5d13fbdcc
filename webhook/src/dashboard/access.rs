//! Who may see the dashboard, and who may change anything: [`Policy`] decides an
//! [`Access`] per request.
//!
//! Without a policy only loopback clients get in, the way Hangfire's dashboard serves
//! local requests only by default (its release that lost that default became
//! CVE-2021-41238): a dashboard that replays deliveries must never be open to the
//! network by accident.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::ConnectInfo;
use http::header::AUTHORIZATION;
use http::request::Parts;
use http::HeaderName;
use subtle::ConstantTimeEq;

/// What one request may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Everything: see deliveries and replay them.
    Admin,
    /// See deliveries; no replay buttons, and every `POST` is refused.
    ReadOnly,
    /// Nothing: answered `403` with the reason shown on the page.
    Forbidden(String),
}

impl Access {
    /// Refused, saying why (shown to the client: never put a secret in it).
    pub fn forbidden(reason: impl Into<String>) -> Self {
        Access::Forbidden(reason.into())
    }

    /// Whether this access may change anything.
    pub fn is_admin(&self) -> bool {
        matches!(self, Access::Admin)
    }
}

type Decide = dyn Fn(&Parts) -> Access + Send + Sync;

/// Decides each request's [`Access`]; see the [dashboard's docs](crate::dashboard).
///
/// ```
/// use webhook::dashboard::{Access, Policy};
///
/// // A token (compared in constant time): `Authorization: Bearer <token>`.
/// let by_token = Policy::bearer_token("a long random token");
/// // A header your own auth layer sets (and strips from what clients send).
/// let by_header = Policy::header("x-dashboard-role");
/// // Anything else: a closure over the request's parts.
/// let custom = Policy::from_fn(|parts| match parts.headers.get("x-user") {
///     Some(user) if user == "ops" => Access::Admin,
///     Some(_) => Access::ReadOnly,
///     None => Access::forbidden("sign in first"),
/// });
/// # let _ = (by_token, by_header, custom);
/// ```
#[derive(Clone)]
pub struct Policy {
    decide: Arc<Decide>,
    name: &'static str,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy").field("kind", &self.name).finish()
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy::loopback_only()
    }
}

impl Policy {
    /// The default: admin for clients connecting from a loopback address (127.0.0.0/8,
    /// `::1`), forbidden for everyone else.
    ///
    /// It reads the peer address from axum's [`ConnectInfo`], so serve the app with
    /// `into_make_service_with_connect_info::<SocketAddr>()`; without it every request
    /// is refused, saying so. A request carrying `Forwarded` or `X-Forwarded-For` came
    /// through a proxy, whose own connection is the loopback one: it is refused too
    /// (behind a proxy, set a policy that checks who the user is).
    pub fn loopback_only() -> Self {
        Policy {
            decide: Arc::new(loopback),
            name: "loopback only",
        }
    }

    /// Admin for requests with `Authorization: Bearer <token>`, compared in constant
    /// time; forbidden otherwise.
    pub fn bearer_token(token: impl Into<String>) -> Self {
        Self::bearer_tokens(Some(token.into()), None)
    }

    /// Admin with `admin`'s token, read-only with `read_only`'s; forbidden otherwise.
    pub fn bearer_tokens(admin: Option<String>, read_only: Option<String>) -> Self {
        let admin = admin.filter(|token| !token.is_empty());
        let read_only = read_only.filter(|token| !token.is_empty());
        Policy {
            decide: Arc::new(move |parts: &Parts| {
                let Some(given) = bearer(parts) else {
                    return Access::forbidden(
                        "this dashboard needs an `Authorization: Bearer …` token",
                    );
                };
                if admin.as_deref().is_some_and(|token| same(token, given)) {
                    Access::Admin
                } else if read_only.as_deref().is_some_and(|token| same(token, given)) {
                    Access::ReadOnly
                } else {
                    Access::forbidden("the bearer token is not one this dashboard accepts")
                }
            }),
            name: "bearer token",
        }
    }

    /// Reads the access from a request header that the app's own authentication layer
    /// sets: `admin` or `read-only`; anything else (or no header) is forbidden.
    ///
    /// That layer must remove the header from what clients send, or a client could
    /// name its own access.
    pub fn header(name: &'static str) -> Self {
        let header = HeaderName::from_static(name);
        Policy {
            decide: Arc::new(move |parts: &Parts| {
                match parts.headers.get(&header).map(|value| value.as_bytes()) {
                    Some(b"admin") => Access::Admin,
                    Some(b"read-only") => Access::ReadOnly,
                    _ => Access::forbidden("your account has no access to this dashboard"),
                }
            }),
            name: "header",
        }
    }

    /// Any decision over the request's parts (headers, URI, extensions such as the
    /// user your auth layer put there).
    pub fn from_fn(decide: impl Fn(&Parts) -> Access + Send + Sync + 'static) -> Self {
        Policy {
            decide: Arc::new(decide),
            name: "custom",
        }
    }

    /// This request's access.
    pub fn decide(&self, parts: &Parts) -> Access {
        (self.decide)(parts)
    }
}

/// [`Policy::loopback_only`]'s decision.
fn loopback(parts: &Parts) -> Access {
    let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
        return Access::forbidden(
            "the dashboard answers only loopback clients unless a policy is set, and this \
             server does not tell it the client's address: serve the app with \
             `into_make_service_with_connect_info::<SocketAddr>()`, or set a policy with \
             `Dashboard::policy`",
        );
    };
    if !peer.ip().to_canonical().is_loopback() {
        return Access::forbidden(format!(
            "the dashboard answers only loopback clients unless a policy is set, and {} is \
             not one: set a policy with `Dashboard::policy` to open it to others",
            peer.ip()
        ));
    }
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"];
    if forwarded
        .iter()
        .any(|name| parts.headers.contains_key(*name))
    {
        return Access::forbidden(
            "this request came through a proxy, so its client is not known to be local: \
             set a policy with `Dashboard::policy` that checks who the user is",
        );
    }
    Access::Admin
}

/// The token of `Authorization: Bearer <token>`.
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

fn same(expected: &str, given: &str) -> bool {
    expected.as_bytes().ct_eq(given.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(peer: Option<&str>, headers: &[(&str, &str)]) -> Parts {
        let mut request = http::Request::builder().uri("/");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (mut parts, ()) = request.body(()).expect("request").into_parts();
        if let Some(peer) = peer {
            let peer: SocketAddr = peer.parse().expect("address");
            parts.extensions.insert(ConnectInfo(peer));
        }
        parts
    }

    #[test]
    fn loopback_only_admits_loopback_peers_only() {
        let policy = Policy::default();
        assert_eq!(
            policy.decide(&parts(Some("127.0.0.1:5000"), &[])),
            Access::Admin
        );
        assert_eq!(
            policy.decide(&parts(Some("127.3.4.5:5000"), &[])),
            Access::Admin
        );
        assert_eq!(
            policy.decide(&parts(Some("[::1]:5000"), &[])),
            Access::Admin
        );
        assert_eq!(
            policy.decide(&parts(Some("[::ffff:127.0.0.1]:5000"), &[])),
            Access::Admin
        );
        for outside in [
            "192.0.2.7:5000",
            "[2001:db8::1]:5000",
            "[::ffff:192.0.2.7]:1",
        ] {
            assert!(matches!(
                policy.decide(&parts(Some(outside), &[])),
                Access::Forbidden(reason) if reason.contains("not one")
            ));
        }
        assert!(matches!(
            policy.decide(&parts(None, &[])),
            Access::Forbidden(reason) if reason.contains("into_make_service_with_connect_info")
        ));
        assert!(matches!(
            policy.decide(&parts(Some("127.0.0.1:1"), &[("x-forwarded-for", "192.0.2.7")])),
            Access::Forbidden(reason) if reason.contains("proxy")
        ));
    }

    #[test]
    fn bearer_tokens_grant_admin_or_read_only() {
        let policy = Policy::bearer_tokens(Some("admin-token".into()), Some("viewer".into()));
        let with = |value: &str| policy.decide(&parts(None, &[("authorization", value)]));
        assert_eq!(with("Bearer admin-token"), Access::Admin);
        assert_eq!(with("bearer viewer"), Access::ReadOnly);
        assert!(matches!(with("Bearer admin-toke"), Access::Forbidden(_)));
        assert!(matches!(with("Basic admin-token"), Access::Forbidden(_)));
        assert!(matches!(
            policy.decide(&parts(None, &[])),
            Access::Forbidden(_)
        ));
        let empty = Policy::bearer_token("");
        assert!(matches!(
            empty.decide(&parts(None, &[("authorization", "Bearer ")])),
            Access::Forbidden(_)
        ));
    }

    #[test]
    fn header_policy_reads_the_auth_layers_header() {
        let policy = Policy::header("x-dashboard-role");
        let with = |value: &str| policy.decide(&parts(None, &[("x-dashboard-role", value)]));
        assert_eq!(with("admin"), Access::Admin);
        assert_eq!(with("read-only"), Access::ReadOnly);
        assert!(matches!(with("root"), Access::Forbidden(_)));
    }
}
