//! Request-rate limits per client IP and overall, on `governor`'s GCRA limiters.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};
use http::{header, HeaderName, HeaderValue, StatusCode};

/// Rate limits for a router's endpoints.
///
/// ```
/// use std::num::NonZeroU32;
/// use webhook::{router, webhook, RateLimit};
///
/// #[webhook(provider = "github", event = "push")]
/// async fn pushed() {}
///
/// let limit = RateLimit::per_client(NonZeroU32::new(20).unwrap())   // per second, per IP
///     .overall(NonZeroU32::new(500).unwrap())                         // per second, all clients
///     .client_ip_header("x-forwarded-for");                          // behind one trusted proxy
/// let app: axum::Router = router![pushed].secret("github", "s").rate_limit(limit).into_router().unwrap();
/// ```
///
/// A refused request gets `429` with `Retry-After` (whole seconds) before its body is
/// read. The client is the TCP peer (serve with
/// `into_make_service_with_connect_info::<SocketAddr>()`); a forwarding header is read
/// only when configured, and then its **last** address is used — the one your proxy
/// appended — since earlier ones are whatever the client claimed.
#[derive(Debug, Clone)]
pub struct RateLimit {
    per_client: Option<Quota>,
    overall: Option<Quota>,
    client_ip_header: Option<HeaderName>,
}

impl RateLimit {
    /// At most `per_second` requests a second from one client IP (bursts up to the
    /// same number).
    pub fn per_client(per_second: NonZeroU32) -> Self {
        RateLimit {
            per_client: Some(Quota::per_second(per_second)),
            overall: None,
            client_ip_header: None,
        }
    }

    /// No per-client limit; only an overall one (set it with [`overall`](Self::overall)).
    pub fn none() -> Self {
        RateLimit {
            per_client: None,
            overall: None,
            client_ip_header: None,
        }
    }

    /// At most `per_second` requests a second from all clients together.
    pub fn overall(mut self, per_second: NonZeroU32) -> Self {
        self.overall = Some(Quota::per_second(per_second));
        self
    }

    /// Reads the client IP from `header` (its last address), set by a proxy you
    /// trust. Never set this when clients reach the server directly: they could then
    /// pick their own key. An invalid header name is ignored.
    pub fn client_ip_header(mut self, header: &str) -> Self {
        self.client_ip_header = HeaderName::try_from(header).ok();
        self
    }
}

/// The limiters shared by every request of one router.
pub(crate) struct Limiter {
    per_client: Option<DefaultKeyedRateLimiter<IpAddr>>,
    overall: Option<DefaultDirectRateLimiter>,
    client_ip_header: Option<HeaderName>,
    seen: AtomicU64,
}

/// How often (in requests) idle per-client state is dropped, which bounds its memory.
const PRUNE_EVERY: u64 = 4096;
/// The key of clients whose address is unknown (no peer address, no usable header).
const UNKNOWN_CLIENT: IpAddr = IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED);

impl Limiter {
    pub(crate) fn new(config: RateLimit) -> Arc<Self> {
        let RateLimit {
            per_client,
            overall,
            client_ip_header,
        } = config;
        Arc::new(Limiter {
            per_client: per_client.map(DefaultKeyedRateLimiter::keyed),
            overall: overall.map(DefaultDirectRateLimiter::direct),
            client_ip_header,
            seen: AtomicU64::new(0),
        })
    }

    /// The middleware: refuses over-limit requests with `429` before anything else.
    pub(crate) async fn enforce(self: Arc<Self>, request: Request, next: Next) -> Response {
        if let Err(wait_secs) = self.check(&request) {
            return too_many_requests(wait_secs);
        }
        next.run(request).await
    }

    fn check(&self, request: &Request) -> Result<(), u64> {
        let clock = DefaultClock::default();
        if let Some(limiter) = &self.per_client {
            if self.seen.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
            let client = self.client_ip(request);
            limiter
                .check_key(&client)
                .map_err(|not_until| wait_secs(not_until.wait_time_from(clock.now())))?;
        }
        if let Some(limiter) = &self.overall {
            limiter
                .check()
                .map_err(|not_until| wait_secs(not_until.wait_time_from(clock.now())))?;
        }
        Ok(())
    }

    fn client_ip(&self, request: &Request) -> IpAddr {
        if let Some(name) = &self.client_ip_header {
            let forwarded = request
                .headers()
                .get_all(name)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .filter_map(|item| item.trim().parse::<IpAddr>().ok())
                .next_back();
            if let Some(ip) = forwarded {
                return ip;
            }
        }
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip())
            .unwrap_or(UNKNOWN_CLIENT)
    }
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("per_client", &self.per_client.is_some())
            .field("overall", &self.overall.is_some())
            .field("client_ip_header", &self.client_ip_header)
            .finish()
    }
}

/// Whole seconds to wait, at least one.
fn wait_secs(wait: std::time::Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0).max(u64::from(wait.as_secs() == 0))
}

fn too_many_requests(wait_secs: u64) -> Response {
    let body = serde_json::json!({ "error": "rate_limited", "retry_after_secs": wait_secs });
    let mut response = (StatusCode::TOO_MANY_REQUESTS, body.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::RETRY_AFTER, HeaderValue::from(wait_secs));
    response
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn waits_round_up_to_whole_seconds() {
        assert_eq!(super::wait_secs(Duration::from_millis(1)), 1);
        assert_eq!(super::wait_secs(Duration::from_secs(2)), 2);
        assert_eq!(super::wait_secs(Duration::from_millis(2100)), 3);
        assert_eq!(super::wait_secs(Duration::ZERO), 1);
    }
}
