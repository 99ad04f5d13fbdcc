//! The sender's client against receivers on loopback: this crate's own Standard Webhooks
//! receiver, and receivers that fail, answer 410, redirect, throttle, hang or stream
//! without end. Every listener here is on 127.0.0.1; guard decisions about other
//! addresses are made through a resolver the test controls and never connect.
#![cfg(all(feature = "outgoing", feature = "standard-webhooks"))]

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::{any, post};
use axum::serve::ListenerExt as _;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};
use webhook::outgoing::guard::{Lookup, LookupFuture};
use webhook::outgoing::{Client, Guard, HeaderNames, Message, Outcome, Refused, SigningKey};
use webhook::{router, webhook};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A receiver on 127.0.0.1 serving `app`, counting the connections it accepts.
struct Receiver {
    address: SocketAddr,
    connections: Arc<AtomicUsize>,
}

impl Receiver {
    async fn start(app: axum::Router) -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let listener = listener.tap_io(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver {
            address,
            connections,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn loopback() -> Guard {
    Guard::new().allow("127.0.0.1/32".parse().unwrap())
}

fn client(guard: Guard) -> Client {
    Client::builder().guard(guard).build().unwrap()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn keys() -> Vec<SigningKey> {
    vec![SECRET.parse().unwrap()]
}

async fn send(client: &Client, url: &str, body: &'static [u8]) -> webhook::outgoing::Attempt {
    let keys = keys();
    let message = Message::new(url, "msg_test_1", now(), Bytes::from_static(body), &keys);
    client.attempt(&message).await
}

const INVOICE: &[u8] =
    br#"{"type":"invoice.paid","timestamp":"2026-01-01T00:00:00Z","data":{"id":"in_1"}}"#;

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<String>>>);

#[webhook(provider = "standard_webhooks", event = "invoice.paid")]
async fn invoice_paid(
    event: webhook::standard_webhooks::Event<serde_json::Value>,
    State(seen): State<Seen>,
) {
    let entry = format!("{} {:?} {}", event.event_type, event.id, event.data["id"]);
    seen.0.lock().unwrap().push(entry);
}

#[tokio::test]
async fn this_crates_receiver_verifies_and_handles_the_message() {
    let seen = Seen::default();
    let app = router![invoice_paid]
        .secret("standard_webhooks", SECRET)
        .into_router()
        .unwrap()
        .with_state(seen.clone());
    let receiver = Receiver::start(app).await;
    let attempt = send(
        &client(loopback()),
        &receiver.url("/webhooks/standard_webhooks"),
        INVOICE,
    )
    .await;
    assert_eq!(attempt.outcome, Outcome::Delivered, "{:?}", attempt.error);
    assert_eq!(attempt.status, Some(200));
    assert_eq!(attempt.error, None);
    assert_eq!(attempt.response_body, &br#"{"status":"handled"}"#[..]);
    assert_eq!(
        *seen.0.lock().unwrap(),
        [r#"invoice.paid Some("msg_test_1") "in_1""#]
    );

    // Signed with a key the receiver does not hold: its 401 is a failure to retry.
    let other = [SigningKey::generate_secret().unwrap()];
    let url = receiver.url("/webhooks/standard_webhooks");
    let message = Message::new(
        &url,
        "msg_test_2",
        now(),
        Bytes::from_static(INVOICE),
        &other,
    );
    let attempt = client(loopback()).attempt(&message).await;
    assert_eq!(attempt.outcome, Outcome::Failed { retry_after: None });
    assert_eq!(attempt.status, Some(401));
}

#[tokio::test]
async fn the_request_carries_custom_headers_but_not_over_the_senders_own() {
    let captured: Arc<Mutex<Option<HeaderMap>>> = Arc::default();
    let sink = captured.clone();
    let app = axum::Router::new().route(
        "/in",
        post(move |headers: HeaderMap| async move {
            *sink.lock().unwrap() = Some(headers);
            StatusCode::NO_CONTENT
        }),
    );
    let receiver = Receiver::start(app).await;
    let mut custom = HeaderMap::new();
    custom.insert("x-tenant", HeaderValue::from_static("acme"));
    custom.insert("webhook-id", HeaderValue::from_static("forged"));
    custom.insert("host", HeaderValue::from_static("internal.example"));
    let keys = keys();
    let url = receiver.url("/in");
    let message = Message::new(
        &url,
        "msg_h",
        1_700_000_000,
        Bytes::from_static(b"{}"),
        &keys,
    )
    .headers(&custom)
    .header_names(HeaderNames::Svix);
    let attempt = client(loopback()).attempt(&message).await;
    assert_eq!(attempt.outcome, Outcome::Delivered);
    assert_eq!(attempt.status, Some(204));
    let headers = captured.lock().unwrap().take().unwrap();
    let get = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(get("x-tenant").as_deref(), Some("acme"));
    assert_eq!(get("svix-id").as_deref(), Some("msg_h"));
    assert_eq!(get("svix-timestamp").as_deref(), Some("1700000000"));
    assert!(get("svix-signature").unwrap().starts_with("v1,"));
    assert_eq!(get("webhook-id"), None);
    assert_eq!(get("host"), Some(receiver.address.to_string()));
    assert_eq!(get("content-type").as_deref(), Some("application/json"));
    assert_eq!(
        get("user-agent"),
        Some(format!("webhook/{}", env!("CARGO_PKG_VERSION")))
    );
}

#[tokio::test]
async fn failures_gone_and_throttling() {
    let app = axum::Router::new()
        .route(
            "/500",
            post(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "db down") }),
        )
        .route("/410", post(|| async { StatusCode::GONE }))
        .route(
            "/503",
            post(|| async { (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "7")]) }),
        )
        .route(
            "/429",
            post(|| async {
                let later = SystemTime::now() + Duration::from_secs(2 * 3600);
                let date = httpdate::fmt_http_date(later);
                (StatusCode::TOO_MANY_REQUESTS, [("retry-after", date)])
            }),
        );
    let receiver = Receiver::start(app).await;
    let client = Client::builder()
        .guard(loopback())
        .max_retry_after(Duration::from_secs(600))
        .build()
        .unwrap();

    let failed = send(&client, &receiver.url("/500"), b"{}").await;
    assert_eq!(failed.outcome, Outcome::Failed { retry_after: None });
    assert_eq!(failed.status, Some(500));
    assert_eq!(failed.response_body, &b"db down"[..]);
    assert!(failed.error.unwrap().contains("500"));

    let gone = send(&client, &receiver.url("/410"), b"{}").await;
    assert_eq!(gone.outcome, Outcome::Gone);
    assert_eq!(gone.status, Some(410));

    let throttled = send(&client, &receiver.url("/503"), b"{}").await;
    assert_eq!(
        throttled.outcome,
        Outcome::Failed {
            retry_after: Some(Duration::from_secs(7))
        }
    );
    // Two hours ahead, clamped to the client's ten minutes.
    let dated = send(&client, &receiver.url("/429"), b"{}").await;
    assert_eq!(
        dated.outcome,
        Outcome::Failed {
            retry_after: Some(Duration::from_secs(600))
        }
    );
}

#[tokio::test]
async fn redirects_are_failures_and_never_followed() {
    let followed = Arc::new(AtomicUsize::new(0));
    let count = followed.clone();
    let app = axum::Router::new()
        .route(
            "/old",
            post(|| async { (StatusCode::TEMPORARY_REDIRECT, [("location", "/new")]) }),
        )
        .route(
            "/new",
            any(move || async move {
                count.fetch_add(1, Ordering::SeqCst);
                StatusCode::OK
            }),
        );
    let receiver = Receiver::start(app).await;
    let attempt = send(&client(loopback()), &receiver.url("/old"), b"{}").await;
    assert_eq!(attempt.outcome, Outcome::Failed { retry_after: None });
    assert_eq!(attempt.status, Some(307));
    let error = attempt.error.unwrap();
    assert!(
        error.contains("redirect") && error.contains("/new"),
        "{error}"
    );
    assert_eq!(followed.load(Ordering::SeqCst), 0);
    assert_eq!(receiver.connections(), 1);
}

#[tokio::test]
async fn a_hanging_receiver_times_out() {
    let app = axum::Router::new().route(
        "/slow",
        post(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            StatusCode::OK
        }),
    );
    let receiver = Receiver::start(app).await;
    let client = Client::builder()
        .guard(loopback())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let attempt = send(&client, &receiver.url("/slow"), b"{}").await;
    assert_eq!(attempt.outcome, Outcome::Failed { retry_after: None });
    assert_eq!(attempt.status, None);
    assert!(
        attempt.error.as_deref().unwrap().contains("timed out"),
        "{:?}",
        attempt.error
    );
    assert!(attempt.duration >= Duration::from_millis(300));
    assert!(
        attempt.duration < Duration::from_secs(10),
        "{:?}",
        attempt.duration
    );
}

#[tokio::test]
async fn a_receiver_streaming_a_gigabyte_is_read_only_up_to_the_cap() {
    const GIGABYTE: usize = 1 << 30;
    const CHUNK: usize = 64 * 1024;
    let produced = Arc::new(AtomicUsize::new(0));
    let counter = produced.clone();
    let app = axum::Router::new().route(
        "/huge",
        post(move || {
            let counter = counter.clone();
            async move {
                let chunks = futures_util::stream::unfold(0usize, move |sent| {
                    let counter = counter.clone();
                    async move {
                        if sent >= GIGABYTE {
                            return None;
                        }
                        counter.fetch_add(CHUNK, Ordering::SeqCst);
                        Some((
                            Ok::<_, io::Error>(Bytes::from(vec![b'x'; CHUNK])),
                            sent + CHUNK,
                        ))
                    }
                });
                Body::from_stream(chunks).into_response()
            }
        }),
    );
    let receiver = Receiver::start(app).await;
    let attempt = send(&client(loopback()), &receiver.url("/huge"), b"{}").await;
    assert_eq!(attempt.outcome, Outcome::Delivered);
    assert_eq!(attempt.response_body.len(), 20 * 1024);
    // Give the server a moment to notice the closed connection, then check it stopped
    // far short of the gigabyte: only socket buffers' worth was ever produced.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = produced.load(Ordering::SeqCst);
    assert!(
        sent < 64 * 1024 * 1024,
        "the receiver produced {sent} bytes"
    );
}

/// DNS the test controls: names to the addresses an attacker would pick.
struct Table(HashMap<&'static str, Vec<IpAddr>>);

impl Lookup for Table {
    fn lookup(&self, host: &str) -> LookupFuture {
        let answer = self
            .0
            .get(host)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, host.to_owned()));
        Box::pin(async move { answer })
    }
}

fn table() -> Table {
    let ip = |text: &str| text.parse::<IpAddr>().unwrap();
    Table(HashMap::from([
        ("sink.test", vec![ip("127.0.0.1")]),
        ("metadata.test", vec![ip("169.254.169.254")]),
        ("rebind.test", vec![ip("10.0.0.1"), ip("127.0.0.1")]),
    ]))
}

#[tokio::test]
async fn blocked_destinations_never_connect_and_allowed_loopback_does() {
    let app = axum::Router::new().route("/in", post(|| async { StatusCode::OK }));
    let receiver = Receiver::start(app).await;
    let port = receiver.address.port();
    let strict = Client::builder().lookup(table()).build().unwrap();
    for url in [
        format!("http://127.0.0.1:{port}/in"),
        format!("http://2130706433:{port}/in"),
        format!("http://0x7f.1:{port}/in"),
        format!("http://0177.0.0.1:{port}/in"),
        format!("http://127.1:{port}/in"),
        format!("http://%31%32%37.0.0.1:{port}/in"),
        format!("http://[::ffff:127.0.0.1]:{port}/in"),
        format!("http://localhost:{port}/in"),
        format!("http://evil.example@127.0.0.1:{port}/in"),
        format!("http://sink.test:{port}/in"),
        format!("http://metadata.test:{port}/in"),
        format!("http://rebind.test:{port}/in"),
    ] {
        let attempt = send(&strict, &url, b"{}").await;
        assert!(
            matches!(attempt.outcome, Outcome::Refused { .. }),
            "{url}: {attempt:?}"
        );
        assert_eq!(attempt.status, None);
        let reason = attempt.error.unwrap();
        assert!(
            reason.contains("not a public address") || reason.contains("loopback name"),
            "{url}: {reason}"
        );
    }
    assert_eq!(receiver.connections(), 0);

    let refused = send(&strict, &format!("http://sink.test:{port}/in"), b"{}").await;
    assert!(matches!(
        refused.outcome,
        Outcome::Refused {
            reason: Refused::NoPublicAddress { .. }
        }
    ));

    // Allowlisted: the literal, and names whose only allowed address is loopback (the
    // private one `rebind.test` also resolves to is dropped, never tried).
    let allowed = Client::builder()
        .guard(loopback())
        .lookup(table())
        .build()
        .unwrap();
    for url in [
        format!("http://127.0.0.1:{port}/in"),
        format!("http://sink.test:{port}/in"),
        format!("http://rebind.test:{port}/in"),
    ] {
        let attempt = send(&allowed, &url, b"{}").await;
        assert_eq!(
            attempt.outcome,
            Outcome::Delivered,
            "{url}: {:?}",
            attempt.error
        );
    }
    assert!(receiver.connections() >= 1);
    let metadata = send(&allowed, &format!("http://metadata.test:{port}/in"), b"{}").await;
    assert!(matches!(metadata.outcome, Outcome::Refused { .. }));
}

#[tokio::test]
async fn a_closed_port_is_a_failure_to_retry() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let attempt = send(&client(loopback()), &format!("http://{address}/in"), b"{}").await;
    assert_eq!(attempt.outcome, Outcome::Failed { retry_after: None });
    assert!(attempt.error.unwrap().contains("could not connect"));
}
