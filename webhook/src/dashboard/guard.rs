//! The middleware every dashboard request goes through: security headers on every
//! answer, the [`Policy`](super::Policy)'s decision, and for a `POST` admin access, a
//! same-origin request and a valid CSRF token, all before any handler runs.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{OriginalUri, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, Method, StatusCode};

use super::access::Access;
use super::csrf::check_same_origin;
use super::pages::layout;
use super::Shared;

/// The largest form a `POST` may send (a bulk replay's filter and tokens).
const FORM_LIMIT: usize = 16 * 1024;

/// No script or style but the dashboard's own files, nothing framed, no form posting
/// elsewhere.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// What a handler knows of its request: where the dashboard is mounted, who asks, and
/// (for an admin) the CSRF token its forms carry.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    /// The path the dashboard is nested at, without a trailing `/` (`""` at the root).
    pub(crate) base: String,
    pub(crate) access: Access,
    /// Empty unless admin.
    pub(crate) csrf: String,
    pub(crate) title: String,
}

impl Ctx {
    /// A link to `path` (which starts with `/`) inside the dashboard. The list, `/`,
    /// is the mount path itself (`/ops/webhooks`, not `/ops/webhooks/`, which axum's
    /// `nest` does not route).
    pub(crate) fn link(&self, path: &str) -> String {
        match path.strip_prefix('/') {
            Some(rest) if !self.base.is_empty() && (rest.is_empty() || rest.starts_with('?')) => {
                format!("{}{rest}", self.base)
            }
            _ => format!("{}{path}", self.base),
        }
    }

    pub(crate) fn admin(&self) -> bool {
        self.access.is_admin()
    }
}

pub(crate) async fn guard(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = admit(shared, request, next).await;
    let headers = response.headers_mut();
    headers.insert("content-security-policy", HeaderValue::from_static(CSP));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

async fn admit(shared: Arc<Shared>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let base = base_path(
        parts.extensions.get::<OriginalUri>().map(|uri| uri.path()),
        parts.uri.path(),
    );
    let access = shared.policy.decide(&parts);
    let mut ctx = Ctx {
        base,
        access: access.clone(),
        csrf: String::new(),
        title: shared.title.clone(),
    };
    if let Access::Forbidden(reason) = &access {
        return layout::refusal(&ctx, StatusCode::FORBIDDEN, "Forbidden", reason);
    }
    if ctx.admin() {
        ctx.csrf = shared.csrf.issue();
    }
    let body = if parts.method == Method::POST {
        if !ctx.admin() {
            let reason = "read-only access: replaying needs admin access";
            return layout::refusal(&ctx, StatusCode::FORBIDDEN, "Forbidden", reason);
        }
        if let Err(reason) = check_same_origin(&parts) {
            return layout::refusal(&ctx, StatusCode::FORBIDDEN, "Forbidden", &reason);
        }
        let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
            let reason = "the form is larger than a dashboard form can be";
            return layout::refusal(&ctx, StatusCode::PAYLOAD_TOO_LARGE, "Too large", reason);
        };
        let token = form_field(&bytes, "csrf");
        if let Err(reason) = shared.csrf.check(token.as_deref()) {
            return layout::refusal(&ctx, StatusCode::FORBIDDEN, "Forbidden", reason);
        }
        Body::from(bytes)
    } else {
        body
    };
    parts.extensions.insert(ctx);
    next.run(Request::from_parts(parts, body))
        .await
        .into_response()
}

/// One field of a `application/x-www-form-urlencoded` body.
pub(crate) fn form_field(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded_pairs(body)
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body).unwrap_or_default()
}

/// The dashboard's mount path: the original path less the part the nested router saw.
fn base_path(original: Option<&str>, inner: &str) -> String {
    let Some(original) = original else {
        return String::new();
    };
    let base = original.strip_suffix(inner).unwrap_or_else(|| {
        // Nested at `/ops` and asked for `/ops` itself: the router saw `/`.
        if inner == "/" {
            original
        } else {
            ""
        }
    });
    base.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_is_where_the_dashboard_is_nested() {
        assert_eq!(
            base_path(Some("/ops/webhooks/deliveries/3"), "/deliveries/3"),
            "/ops/webhooks"
        );
        assert_eq!(base_path(Some("/ops/webhooks"), "/"), "/ops/webhooks");
        assert_eq!(base_path(Some("/ops/webhooks/"), "/"), "/ops/webhooks");
        assert_eq!(base_path(Some("/"), "/"), "");
        assert_eq!(base_path(Some("/deliveries/3"), "/deliveries/3"), "");
        assert_eq!(base_path(None, "/deliveries/3"), "");
    }

    #[test]
    fn links_start_at_the_mount_path() {
        let ctx = |base: &str| Ctx {
            base: base.to_owned(),
            access: Access::Admin,
            csrf: String::new(),
            title: String::new(),
        };
        assert_eq!(ctx("/ops").link("/"), "/ops");
        assert_eq!(ctx("/ops").link("/?status=dead"), "/ops?status=dead");
        assert_eq!(ctx("/ops").link("/charts"), "/ops/charts");
        assert_eq!(ctx("").link("/"), "/");
        assert_eq!(ctx("").link("/?status=dead"), "/?status=dead");
    }

    #[test]
    fn form_fields_are_read_from_the_body() {
        assert_eq!(
            form_field(b"a=1&csrf=x%2By", "csrf").as_deref(),
            Some("x+y")
        );
        assert_eq!(form_field(b"a=1", "csrf"), None);
    }
}
