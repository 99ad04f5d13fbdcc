//! Rate limits per client IP and overall: `429` with `Retry-After`.

use std::net::SocketAddr;
use std::num::NonZeroU32;

use http::StatusCode;
use webhook::testing::{github_request, send};
use webhook::{router, webhook, RateLimit};

const SECRET: &str = "It's a Secret to Everybody";

#[webhook(provider = "github", event = "push")]
async fn pushed() {}

fn per_second(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

fn from_client(ip: &str) -> http::Request<axum::body::Body> {
    let mut request = github_request("/webhooks/github", SECRET, "push", "{}");
    request.headers_mut().insert(
        "x-forwarded-for",
        format!("203.0.113.9, {ip}").parse().unwrap(),
    );
    request
}

#[tokio::test]
async fn per_client_limit_uses_the_trusted_header_and_answers_429_with_retry_after() {
    let limit = RateLimit::per_client(per_second(2)).client_ip_header("x-forwarded-for");
    let app: axum::Router = router![pushed]
        .secret("github", SECRET)
        .rate_limit(limit)
        .into_router()
        .unwrap();
    for _ in 0..2 {
        assert_eq!(
            send(&app, from_client("198.51.100.1")).await.status,
            StatusCode::OK
        );
    }
    let limited = send(&app, from_client("198.51.100.1")).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers["retry-after"], "1");
    assert_eq!(limited.json()["error"], "rate_limited");
    // Another client (the last address is the one the proxy added) is not limited.
    assert_eq!(
        send(&app, from_client("198.51.100.2")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn forwarding_headers_are_ignored_unless_configured() {
    let limit = RateLimit::per_client(per_second(1));
    let app: axum::Router = router![pushed]
        .secret("github", SECRET)
        .rate_limit(limit)
        .into_router()
        .unwrap();
    assert_eq!(
        send(&app, from_client("198.51.100.1")).await.status,
        StatusCode::OK
    );
    // A client cannot escape its bucket by claiming another address.
    assert_eq!(
        send(&app, from_client("198.51.100.2")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn overall_limit_covers_every_client() {
    let limit = RateLimit::none()
        .overall(per_second(2))
        .client_ip_header("x-forwarded-for");
    let app: axum::Router = router![pushed]
        .secret("github", SECRET)
        .rate_limit(limit)
        .into_router()
        .unwrap();
    assert_eq!(
        send(&app, from_client("198.51.100.1")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(&app, from_client("198.51.100.2")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        send(&app, from_client("198.51.100.3")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn peers_are_told_apart_by_their_tcp_address() {
    let limit = RateLimit::per_client(per_second(2));
    let app: axum::Router = router![pushed]
        .secret("github", SECRET)
        .rate_limit(limit)
        .into_router()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let response = client
            .post(format!("http://{address}/webhooks/github"))
            .header(
                "x-hub-signature-256",
                webhook::testing::github_signature(SECRET, b"{}"),
            )
            .header("x-github-event", "push")
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 429]);
    server.abort();
}
