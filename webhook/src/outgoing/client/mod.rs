//! The HTTP client that makes one delivery attempt: signed, through the SSRF guard,
//! redirects never followed, time-limited, the response read up to a cap.
//!
//! ```no_run
//! use bytes::Bytes;
//! use webhook::outgoing::{Client, Message, Outcome, SigningKey};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new()?;
//! let keys = ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".parse::<SigningKey>()?];
//! let body = Bytes::from_static(br#"{"type":"invoice.paid","data":{"id":"in_1"}}"#);
//! let message = Message::new("https://hooks.example.com/in", "msg_1", 1_700_000_000, body, &keys);
//! let attempt = client.attempt(&message).await;
//! match attempt.outcome {
//!     Outcome::Delivered => println!("{:?} in {:?}", attempt.status, attempt.duration),
//!     Outcome::Failed { retry_after } => println!("retry (asked: {retry_after:?}): {:?}", attempt.error),
//!     Outcome::Gone => println!("410: disable the endpoint"),
//!     Outcome::Refused { reason } => println!("refused: {reason}"),
//! }
//! # Ok(()) }
//! ```
//!
//! Choices, following the Standard Webhooks specification's recommendations and what
//! Svix's server does (`svix-server` `webhook_http_client.rs`, `worker.rs`):
//!
//! - a 2xx answer is success; 410 asks for the endpoint to be disabled; a 3xx is a
//!   failure, never followed (the `Location` is reported so the owner can fix the URL);
//! - a connect timeout and a total timeout (default 15 s, which also bounds reading
//!   the response);
//! - the response body is read up to a cap (default 20 KiB) and the connection is then
//!   dropped, so a receiver streaming gigabytes costs the sender nothing more;
//! - `Retry-After` is read as a delay, clamped to a maximum (default 1 hour), for the
//!   retry schedule to honour;
//! - the user agent is `webhook/<version>`; no proxy is used (a proxy would connect on
//!   the guard's behalf), and the host's addresses come from the guard's
//!   [`GuardedResolver`].

mod attempt;

use std::error::Error as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{header, HeaderMap, HeaderValue};

use attempt::CappedBody;
pub use attempt::{Attempt, Outcome};

use super::guard::{Guard, GuardedResolver, Lookup, Refused, SystemLookup};
use super::sign::{self, HeaderNames, SigningKey};

/// Default total time of one attempt (the spec suggests 15 to 30 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
/// Default time to open the connection (TCP and TLS handshake).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default number of response-body bytes kept (Svix stores about 20 KB).
pub const DEFAULT_RESPONSE_CAP: usize = 20 * 1024;
/// Default longest `Retry-After` honoured.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// The user agent of every attempt.
const USER_AGENT: &str = concat!("webhook/", env!("CARGO_PKG_VERSION"));

/// Headers a message's custom headers may not set: the signed ones, and those that
/// would change where or how the request goes.
const RESERVED: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "user-agent",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "svix-id",
    "svix-timestamp",
    "svix-signature",
];

/// One message to send: where, what, and the keys it is signed with.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    url: &'a str,
    id: &'a str,
    timestamp: i64,
    body: Bytes,
    keys: &'a [SigningKey],
    headers: Option<&'a HeaderMap>,
    header_names: HeaderNames,
}

impl<'a> Message<'a> {
    /// A message `id` (the same on every attempt), signed at `timestamp` (Unix seconds,
    /// the time of this attempt) with every key in `keys`, its `body` sent as
    /// `application/json`.
    pub fn new(
        url: &'a str,
        id: &'a str,
        timestamp: i64,
        body: Bytes,
        keys: &'a [SigningKey],
    ) -> Self {
        Message {
            url,
            id,
            timestamp,
            body,
            keys,
            headers: None,
            header_names: HeaderNames::Standard,
        }
    }

    /// The endpoint's custom headers. The signature headers and `host`,
    /// `content-length`, `transfer-encoding`, `connection` and `user-agent` are the
    /// sender's and are skipped; a `content-type` here replaces `application/json`.
    #[must_use]
    pub fn headers(mut self, headers: &'a HeaderMap) -> Self {
        self.headers = Some(headers);
        self
    }

    /// Send the `svix-*` header names instead of `webhook-*`.
    #[must_use]
    pub fn header_names(mut self, names: HeaderNames) -> Self {
        self.header_names = names;
        self
    }
}

/// Sends attempts. Cheap to clone (the connection pool is shared); build one per
/// process. See the [module docs](self).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    guard: Guard,
    response_cap: usize,
    max_retry_after: Duration,
}

/// Settings of a [`Client`]; from [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    guard: Guard,
    lookup: Arc<dyn Lookup>,
    timeout: Duration,
    connect_timeout: Duration,
    response_cap: usize,
    max_retry_after: Duration,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("guard", &self.guard)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("response_cap", &self.response_cap)
            .field("max_retry_after", &self.max_retry_after)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The SSRF guard (default: [`Guard::new`], every special address refused).
    pub fn guard(mut self, guard: Guard) -> Self {
        self.guard = guard;
        self
    }

    /// The resolver host names are looked up with (default: the system's); its answers
    /// still go through the guard.
    pub fn lookup(mut self, lookup: impl Lookup) -> Self {
        self.lookup = Arc::new(lookup);
        self
    }

    /// Total time of one attempt, reading the response included (default 15 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Response-body bytes kept (default 20 KiB); the rest is never read.
    pub fn response_cap(mut self, bytes: usize) -> Self {
        self.response_cap = bytes;
        self
    }

    /// Longest `Retry-After` honoured (default 1 hour).
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client, ClientError> {
        let ClientBuilder {
            guard,
            lookup,
            timeout,
            connect_timeout,
            response_cap,
            max_retry_after,
        } = self;
        let resolver = GuardedResolver::with_shared_lookup(guard.clone(), lookup);
        let http = reqwest::Client::builder()
            .dns_resolver(Arc::new(resolver))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(|error| ClientError(error.to_string()))?;
        Ok(Client {
            http,
            guard,
            response_cap,
            max_retry_after,
        })
    }
}

/// The HTTP client could not be set up (its TLS configuration failed to load).
#[derive(Debug, thiserror::Error)]
#[error("the webhook sender's HTTP client could not be built: {0}")]
pub struct ClientError(String);

impl Client {
    /// A client with the defaults: the default guard, 15 s, 20 KiB.
    pub fn new() -> Result<Client, ClientError> {
        Client::builder().build()
    }

    /// Settings for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            guard: Guard::new(),
            lookup: Arc::new(SystemLookup),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            response_cap: DEFAULT_RESPONSE_CAP,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        }
    }

    /// The guard every attempt goes through.
    pub fn guard(&self) -> &Guard {
        &self.guard
    }

    /// Makes one attempt to deliver `message`. Never fails: whatever happened is in the
    /// [`Attempt`].
    pub async fn attempt(&self, message: &Message<'_>) -> Attempt {
        let started = Instant::now();
        let finish = |outcome, status, response_body, error| Attempt {
            outcome,
            status,
            duration: started.elapsed(),
            response_body,
            error,
        };
        // Literal addresses never reach the resolver: the URL itself is checked here.
        let url = match self.guard.check_url(message.url) {
            Ok(url) => url,
            Err(reason) => return refused(reason, finish),
        };
        let headers = match request_headers(message) {
            Ok(headers) => headers,
            Err(error) => {
                let outcome = Outcome::Failed { retry_after: None };
                return finish(outcome, None, Bytes::new(), Some(error.to_string()));
            }
        };
        let sent = self
            .http
            .post(url)
            .headers(headers)
            .body(message.body.clone())
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(error) => {
                if let Some(reason) = guard_refusal(&error) {
                    return refused(reason, finish);
                }
                let outcome = Outcome::Failed { retry_after: None };
                return finish(outcome, None, Bytes::new(), Some(describe(&error)));
            }
        };
        let status = response.status();
        let outcome = Outcome::from_response(status, response.headers(), self.max_retry_after);
        let mut error = redirect_error(status, response.headers());
        if !status.is_success() && error.is_none() {
            error = Some(format!("the endpoint answered {status}"));
        }
        let (body, read_error) = read_capped(response, self.response_cap).await;
        finish(outcome, Some(status.as_u16()), body, error.or(read_error))
    }
}

fn refused(
    reason: Refused,
    finish: impl FnOnce(Outcome, Option<u16>, Bytes, Option<String>) -> Attempt,
) -> Attempt {
    let error = Some(reason.to_string());
    finish(Outcome::Refused { reason }, None, Bytes::new(), error)
}

/// The message's custom headers, then the sender's own: content type, the signature.
fn request_headers(message: &Message<'_>) -> Result<HeaderMap, sign::SignError> {
    let mut headers = HeaderMap::new();
    if let Some(custom) = message.headers {
        for (name, value) in custom {
            if !RESERVED.contains(&name.as_str()) {
                headers.append(name.clone(), value.clone());
            }
        }
    }
    if !headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    sign::insert_headers(
        &mut headers,
        message.header_names,
        message.keys,
        message.id,
        message.timestamp,
        &message.body,
    )?;
    Ok(headers)
}

/// Reads up to `cap` bytes of the body, then drops the response (and its connection)
/// without reading the rest.
async fn read_capped(mut response: reqwest::Response, cap: usize) -> (Bytes, Option<String>) {
    let mut body = CappedBody::new(cap);
    if cap == 0 {
        return (body.into_bytes(), None);
    }
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if !body.push(&chunk) {
                    break;
                }
            }
            Ok(None) => break,
            Err(error) => {
                let message = format!("reading the response: {}", describe(&error));
                return (body.into_bytes(), Some(message));
            }
        }
    }
    (body.into_bytes(), None)
}

/// A 3xx is never followed: say where it pointed, so the owner can fix the URL.
fn redirect_error(status: http::StatusCode, headers: &HeaderMap) -> Option<String> {
    if !status.is_redirection() {
        return None;
    }
    let location = headers
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("nowhere");
    Some(format!(
        "the endpoint redirected ({status}) to {location}; redirects are not followed: \
         set the endpoint's URL to where it should deliver"
    ))
}

/// The guard's refusal inside a client error (the resolver's error is in its sources).
fn guard_refusal(error: &reqwest::Error) -> Option<Refused> {
    let mut source = error.source();
    while let Some(current) = source {
        if let Some(refused) = current.downcast_ref::<Refused>() {
            return Some(refused.clone());
        }
        if let Some(super::guard::ResolveError::Refused(refused)) =
            current.downcast_ref::<super::guard::ResolveError>()
        {
            return Some(refused.clone());
        }
        source = current.source();
    }
    None
}

/// A client error in words, without the URL (which may carry credentials).
fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut text = kind.to_owned();
    let mut source = error.source();
    while let Some(current) = source {
        let detail = current.to_string();
        if !text.contains(&detail) {
            text.push_str(": ");
            text.push_str(&detail);
        }
        source = current.source();
    }
    text
}
