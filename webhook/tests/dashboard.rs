//! The dashboard through its router, as `tower::ServiceExt::oneshot` calls with the
//! peer address handed in as axum's `ConnectInfo` (no connection is made): access by
//! default and by policy, CSRF and cross-site refusals, redaction, escaping, filters,
//! keyset pages, and replays, on a real SQLite store.
#![cfg(all(feature = "dashboard", feature = "sqlite"))]

#[allow(dead_code)] // `keep` serves other tests
#[path = "support/temp.rs"]
mod temp;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use http::{HeaderMap, HeaderValue, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use webhook::dashboard::{Dashboard, Policy};
use webhook::store::{self, DeliveryFilter, DeliveryId, DeliveryStatus, NewDelivery, Start, Store};

use temp::TempDir;

const LOOPBACK: &str = "127.0.0.1:40000";
const OUTSIDE: &str = "192.0.2.10:40000";

struct Fixture {
    store: Arc<dyn Store>,
    _dir: TempDir,
}

async fn fixture() -> Fixture {
    let dir = TempDir::new("dashboard");
    let path = dir.path().join("deliveries.db");
    let store = store::open(path.to_str().expect("utf-8 path"))
        .await
        .expect("open");
    Fixture { store, _dir: dir }
}

fn delivery(provider: &str, event: &str, id: &str, body: &str) -> NewDelivery {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    NewDelivery::new(
        provider,
        format!("/webhooks/{provider}"),
        headers,
        body.to_owned().into(),
        SystemTime::now(),
    )
    .event(event)
    .delivery_id(id)
    .secret_index(0)
}

async fn record(store: &dyn Store, d: NewDelivery) -> DeliveryId {
    store
        .record_accepted(d, Start::Queued)
        .await
        .expect("record")
        .id()
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

async fn call(router: &Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn get(uri: &str, peer: Option<&str>, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::get(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let mut request = builder.body(Body::empty()).expect("request");
    if let Some(peer) = peer {
        let peer: SocketAddr = peer.parse().expect("address");
        request.extensions_mut().insert(ConnectInfo(peer));
    }
    request
}

fn post(uri: &str, form: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder =
        Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let mut request = builder.body(Body::from(form.to_owned())).expect("request");
    let peer: SocketAddr = LOOPBACK.parse().expect("address");
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

/// The CSRF token a page's forms carry.
fn csrf_of(page: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).expect("the page has a CSRF field") + marker.len();
    let end = start + page[start..].find('"').expect("closing quote");
    page[start..end].to_owned()
}

async fn status_of(store: &dyn Store, id: DeliveryId) -> DeliveryStatus {
    store
        .get(id)
        .await
        .expect("get")
        .expect("exists")
        .summary
        .status
}

async fn succeeded(store: &dyn Store, d: NewDelivery) -> DeliveryId {
    let id = record(store, d).await;
    let worker = store::unique_worker_id("test");
    let claimed = store
        .claim(&worker, 10, Duration::from_secs(30))
        .await
        .expect("claim");
    for delivery in claimed {
        store
            .complete(delivery.id(), &worker)
            .await
            .expect("complete");
    }
    assert_eq!(status_of(store, id).await, DeliveryStatus::Succeeded);
    id
}

#[tokio::test]
async fn without_a_policy_only_loopback_clients_get_in() {
    let f = fixture().await;
    let router = Dashboard::new(Arc::clone(&f.store)).into_router();

    let outside = call(&router, get("/", Some(OUTSIDE), &[])).await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    assert!(
        outside.body.contains("only loopback clients"),
        "{}",
        outside.body
    );
    assert!(outside.body.contains("192.0.2.10"));
    let v6 = call(&router, get("/", Some("[2001:db8::5]:1"), &[])).await;
    assert_eq!(v6.status, StatusCode::FORBIDDEN);

    let unknown = call(&router, get("/", None, &[])).await;
    assert_eq!(unknown.status, StatusCode::FORBIDDEN);
    assert!(unknown.body.contains("into_make_service_with_connect_info"));

    let proxied = call(
        &router,
        get("/", Some(LOOPBACK), &[("x-forwarded-for", "192.0.2.10")]),
    )
    .await;
    assert_eq!(proxied.status, StatusCode::FORBIDDEN);

    let local = call(&router, get("/", Some(LOOPBACK), &[])).await;
    assert_eq!(local.status, StatusCode::OK);
    assert!(local.body.contains("Deliveries"));
    // Every answer, refusals included, carries the security headers.
    for answer in [&outside, &local] {
        let csp = answer.headers["content-security-policy"]
            .to_str()
            .expect("ascii");
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(answer.headers["x-frame-options"], "DENY");
        assert_eq!(answer.headers["referrer-policy"], "no-referrer");
    }
}

#[tokio::test]
async fn token_policy_grants_admin_or_read_only() {
    let f = fixture().await;
    let id = succeeded(&*f.store, delivery("stripe", "invoice.paid", "evt_1", "{}")).await;
    let policy = Policy::bearer_tokens(Some("admin-secret".into()), Some("viewer-secret".into()));
    let router = Dashboard::new(Arc::clone(&f.store))
        .policy(policy)
        .into_router();

    // A policy replaces the loopback rule: an outside client with the token gets in,
    // a loopback client without one does not.
    let none = call(&router, get("/", Some(LOOPBACK), &[])).await;
    assert_eq!(none.status, StatusCode::FORBIDDEN);
    let wrong = call(
        &router,
        get("/", Some(OUTSIDE), &[("authorization", "Bearer nope")]),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    let admin = call(
        &router,
        get(
            "/",
            Some(OUTSIDE),
            &[("authorization", "Bearer admin-secret")],
        ),
    )
    .await;
    assert_eq!(admin.status, StatusCode::OK);
    assert!(admin.body.contains("form class=\"inline replay\""));

    let viewer = [("authorization", "Bearer viewer-secret")];
    let read_only = call(&router, get("/", Some(OUTSIDE), &viewer)).await;
    assert_eq!(read_only.status, StatusCode::OK);
    assert!(read_only.body.contains("evt_1"));
    assert!(
        !read_only.body.contains("replay"),
        "no replay form for read-only users"
    );
    let detail = call(
        &router,
        get(&format!("/deliveries/{id}"), Some(OUTSIDE), &viewer),
    )
    .await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(!detail.body.contains("<form"));
    let dry_run = call(&router, get("/replay", Some(OUTSIDE), &viewer)).await;
    assert_eq!(dry_run.status, StatusCode::FORBIDDEN);

    // A read-only user's POST is refused even with an admin page's token.
    let token = csrf_of(&admin.body);
    let form = format!("csrf={token}");
    let mut posted = post(&format!("/deliveries/{id}/replay"), &form, &viewer);
    posted.extensions_mut().clear();
    let refused = call(&router, posted).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("read-only"));
    assert_eq!(status_of(&*f.store, id).await, DeliveryStatus::Succeeded);
}

#[tokio::test]
async fn posts_need_a_valid_csrf_token_and_the_same_origin() {
    let f = fixture().await;
    let id = succeeded(&*f.store, delivery("stripe", "invoice.paid", "evt_1", "{}")).await;
    let router = Dashboard::new(Arc::clone(&f.store)).into_router();
    let page = call(
        &router,
        get(&format!("/deliveries/{id}"), Some(LOOPBACK), &[]),
    )
    .await;
    let token = csrf_of(&page.body);
    let uri = format!("/deliveries/{id}/replay");

    let missing = call(&router, post(&uri, "", &[])).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.body.contains("CSRF"));
    let forged = format!(
        "csrf={}",
        token.replace(|c: char| c.is_ascii_hexdigit() && c != '0', "0")
    );
    let wrong = call(&router, post(&uri, &forged, &[])).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let good = format!("csrf={token}");
    let cross_site = call(
        &router,
        post(&uri, &good, &[("sec-fetch-site", "cross-site")]),
    )
    .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert!(cross_site.body.contains("cross-site"));
    let other_origin = [
        ("host", "127.0.0.1:3000"),
        ("origin", "http://evil.example"),
    ];
    assert_eq!(
        call(&router, post(&uri, &good, &other_origin)).await.status,
        StatusCode::FORBIDDEN
    );
    // Another dashboard instance (another process's key) signed a different token.
    let other = Dashboard::new(Arc::clone(&f.store)).into_router();
    assert_eq!(
        call(&other, post(&uri, &good, &[])).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(status_of(&*f.store, id).await, DeliveryStatus::Succeeded);

    let same = [("sec-fetch-site", "same-origin")];
    let replayed = call(&router, post(&uri, &good, &same)).await;
    assert_eq!(replayed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        replayed.headers["location"],
        format!("/deliveries/{id}?replayed=1").as_str()
    );
    assert_eq!(status_of(&*f.store, id).await, DeliveryStatus::Queued);
}

#[tokio::test]
async fn redacted_headers_never_show_their_secrets() {
    let f = fixture().await;
    let canary = "CANARY-7f3a9c1e";
    let mut d = delivery("stripe", "invoice.paid", "evt_canary", "{}");
    for name in [
        "stripe-signature",
        "x-hub-signature-256",
        "authorization",
        "x-gitlab-token",
        "x-shopify-hmac-sha256",
        "webhook-signature",
        "cookie",
        "x-api-key-secret",
    ] {
        d.headers.insert(
            name,
            HeaderValue::from_str(&format!("t=1,v1={canary}")).expect("value"),
        );
    }
    let id = record(&*f.store, d).await;
    let mut rejected = delivery("github", "push", "gh-1", "{}");
    rejected.headers.insert(
        "x-hub-signature-256",
        HeaderValue::from_static("sha256=CANARY-7f3a9c1e"),
    );
    let rejected = f
        .store
        .record_rejected(rejected, "bad signature".into())
        .await
        .expect("reject");
    let router = Dashboard::new(Arc::clone(&f.store)).into_router();
    for uri in [
        "/".to_owned(),
        format!("/deliveries/{id}"),
        format!("/deliveries/{rejected}"),
        "/?status=rejected".to_owned(),
        "/charts".to_owned(),
        "/replay".to_owned(),
    ] {
        let answer = call(&router, get(&uri, Some(LOOPBACK), &[])).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert!(!answer.body.contains(canary), "{uri} shows a secret");
    }
    let detail = call(
        &router,
        get(&format!("/deliveries/{id}"), Some(LOOPBACK), &[]),
    )
    .await;
    assert!(detail.body.contains("stripe-signature"));
    assert!(detail.body.contains(store::REDACTED));
    let reason = call(
        &router,
        get(&format!("/deliveries/{rejected}"), Some(LOOPBACK), &[]),
    )
    .await;
    assert!(reason.body.contains("Why it was rejected"));
    assert!(reason.body.contains("bad signature"));
}

#[tokio::test]
async fn markup_in_a_payload_stays_text() {
    let f = fixture().await;
    let body = r#"{"name":"<script>alert(1)</script>","x":"\"><img src=x onerror=alert(2)>"}"#;
    let mut d = delivery(
        "stripe",
        "<b>invoice.paid</b>",
        "<script>evt</script>",
        body,
    );
    d.headers.insert(
        "x-note",
        HeaderValue::from_static("<script>alert(3)</script>"),
    );
    let id = record(&*f.store, d).await;
    let router = Dashboard::new(Arc::clone(&f.store)).into_router();
    for uri in [
        "/".to_owned(),
        format!("/deliveries/{id}"),
        "/?event=%3Cb%3E*".to_owned(),
    ] {
        let answer = call(&router, get(&uri, Some(LOOPBACK), &[])).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert!(!answer.body.contains("<script>"), "{uri}: {}", answer.body);
        assert!(!answer.body.contains("<img"), "{uri}");
        assert!(!answer.body.contains("<b>"), "{uri}");
    }
    let detail = call(
        &router,
        get(&format!("/deliveries/{id}"), Some(LOOPBACK), &[]),
    )
    .await;
    assert!(detail
        .body
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn filters_and_keyset_pages() {
    let f = fixture().await;
    for n in 0..60 {
        let provider = if n % 3 == 0 { "github" } else { "stripe" };
        let event = if n % 2 == 0 {
            "invoice.paid"
        } else {
            "customer.created"
        };
        record(
            &*f.store,
            delivery(provider, event, &format!("evt_{n:03}"), "{}"),
        )
        .await;
    }
    let router = Dashboard::new(Arc::clone(&f.store)).into_router();
    let rows = |page: &str| page.matches("<tr id=\"d").count();
    let ids = |page: &str| -> Vec<String> {
        page.match_indices("class=\"open\"")
            .map(|(at, _)| {
                let rest = &page[at..];
                let start = rest.find('>').expect("tag end") + 1;
                let end = rest.find("</a>").expect("link end");
                rest[start..end].to_owned()
            })
            .collect()
    };

    let first = call(&router, get("/", Some(LOOPBACK), &[])).await;
    assert_eq!(rows(&first.body), 50);
    assert_eq!(ids(&first.body)[0], "evt_059");
    let marker = "rel=\"next\" href=\"";
    let start = first.body.find(marker).expect("an older link") + marker.len();
    let older = first.body[start..start + first.body[start..].find('"').expect("quote")]
        .replace("&amp;", "&");
    // A row arriving between two page loads changes neither page.
    record(
        &*f.store,
        delivery("stripe", "invoice.paid", "evt_new", "{}"),
    )
    .await;
    let second = call(&router, get(&older, Some(LOOPBACK), &[])).await;
    assert_eq!(
        ids(&second.body),
        (0..10)
            .rev()
            .map(|n| format!("evt_{n:03}"))
            .collect::<Vec<_>>()
    );
    assert!(
        !second.body.contains(marker),
        "the last page links no further"
    );
    assert!(second.body.contains("Newest"));

    let github = call(&router, get("/?provider=github", Some(LOOPBACK), &[])).await;
    assert_eq!(rows(&github.body), 20);
    let prefix = call(
        &router,
        get("/?provider=stripe&event=invoice.*", Some(LOOPBACK), &[]),
    )
    .await;
    assert_eq!(rows(&prefix.body), 21);
    let exact = call(
        &router,
        get(
            "/?event=customer.created&endpoint=/webhooks/github",
            Some(LOOPBACK),
            &[],
        ),
    )
    .await;
    assert_eq!(rows(&exact.body), 10);
    let lookup = call(&router, get("/?id=evt_042", Some(LOOPBACK), &[])).await;
    assert_eq!(ids(&lookup.body), ["evt_042"]);
    let queued = call(
        &router,
        get(
            "/?status=queued&since=2000-01-01T00:00",
            Some(LOOPBACK),
            &[],
        ),
    )
    .await;
    assert_eq!(rows(&queued.body), 50);
    let future = call(
        &router,
        get("/?since=2999-01-01T00:00", Some(LOOPBACK), &[]),
    )
    .await;
    assert_eq!(rows(&future.body), 0);
    assert!(future.body.contains("No delivery matches"));

    for bad in [
        "/?status=done",
        "/?since=yesterday",
        "/?before=x",
        "/?before=1&before=2",
    ] {
        let answer = call(&router, get(bad, Some(LOOPBACK), &[])).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        call(&router, get("/deliveries/999999", Some(LOOPBACK), &[]))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&router, get("/deliveries/abc", Some(LOOPBACK), &[]))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&router, get("/nowhere", Some(LOOPBACK), &[]))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bulk_replay_counts_first_and_runs_once() {
    let f = fixture().await;
    for n in 0..4 {
        succeeded(
            &*f.store,
            delivery("stripe", "invoice.paid", &format!("evt_{n}"), "{}"),
        )
        .await;
    }
    succeeded(&*f.store, delivery("github", "push", "gh_1", "{}")).await;
    f.store
        .record_rejected(
            delivery("stripe", "invoice.paid", "forged", "{}"),
            "bad signature".into(),
        )
        .await
        .expect("reject");
    let router = Dashboard::new(Arc::clone(&f.store)).into_router();

    let dry_run = call(&router, get("/replay?provider=stripe", Some(LOOPBACK), &[])).await;
    assert_eq!(dry_run.status, StatusCode::OK);
    assert!(
        dry_run
            .body
            .contains("<strong id=\"dry-run-count\">4</strong>"),
        "{}",
        dry_run.body
    );
    // A delivery arriving after the dry run is not part of the job.
    let late = record(
        &*f.store,
        delivery("stripe", "invoice.paid", "evt_late", "{}"),
    )
    .await;
    let worker = store::unique_worker_id("test");
    for claimed in f
        .store
        .claim(&worker, 10, Duration::from_secs(30))
        .await
        .expect("claim")
    {
        f.store
            .complete(claimed.id(), &worker)
            .await
            .expect("complete");
    }

    let field = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let start = dry_run.body.find(&marker).expect("field") + marker.len();
        dry_run.body[start..start + dry_run.body[start..].find('"').expect("quote")].to_owned()
    };
    let form = format!(
        "csrf={}&job={}&upto={}&provider=stripe",
        field("csrf"),
        field("job"),
        field("upto")
    );
    let first = call(&router, post("/replay", &form, &[])).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        first.body.contains("4 deliveries were queued"),
        "{}",
        first.body
    );
    let queued = DeliveryFilter::new().status(DeliveryStatus::Queued);
    assert_eq!(f.store.count(&queued).await.expect("count"), 4);
    assert_eq!(status_of(&*f.store, late).await, DeliveryStatus::Succeeded);

    // The same form again (a double click) replays nothing more.
    let worker = store::unique_worker_id("test");
    for claimed in f
        .store
        .claim(&worker, 10, Duration::from_secs(30))
        .await
        .expect("claim")
    {
        f.store
            .complete(claimed.id(), &worker)
            .await
            .expect("complete");
    }
    let again = call(&router, post("/replay", &form, &[])).await;
    assert!(again.body.contains("already ran"), "{}", again.body);
    assert_eq!(f.store.count(&queued).await.expect("count"), 0);
}

#[tokio::test]
async fn nested_anywhere_with_cached_assets() {
    let f = fixture().await;
    let id = record(&*f.store, delivery("stripe", "invoice.paid", "evt_1", "{}")).await;
    let app = Router::new().nest(
        "/ops/webhooks",
        Dashboard::new(Arc::clone(&f.store)).into_router(),
    );
    for uri in ["/ops/webhooks", "/ops/webhooks?provider=stripe"] {
        let page = call(&app, get(uri, Some(LOOPBACK), &[])).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(page
            .body
            .contains(&format!("href=\"/ops/webhooks/deliveries/{id}\"")));
        assert!(
            page.body.contains("data-tail=\"/ops/webhooks/tail?"),
            "{}",
            page.body
        );
    }
    let page = call(&app, get("/ops/webhooks", Some(LOOPBACK), &[])).await;
    assert!(page.body.contains("href=\"/ops/webhooks?status=dead\""));
    let marker = "<link rel=\"stylesheet\" href=\"";
    let start = page.body.find(marker).expect("stylesheet") + marker.len();
    let css = &page.body[start..start + page.body[start..].find('"').expect("quote")];
    assert!(css.starts_with("/ops/webhooks/assets/style.") && css.ends_with(".css"));
    let asset = call(&app, get(css, Some(LOOPBACK), &[])).await;
    assert_eq!(asset.status, StatusCode::OK);
    assert!(asset.headers["cache-control"]
        .to_str()
        .expect("ascii")
        .contains("immutable"));
    assert!(asset.body.contains("prefers-color-scheme: dark"));
    let stale = call(
        &app,
        get("/ops/webhooks/assets/style.000000.css", Some(LOOPBACK), &[]),
    )
    .await;
    assert_eq!(stale.status, StatusCode::NOT_FOUND);
    let charts = call(&app, get("/ops/webhooks/charts", Some(LOOPBACK), &[])).await;
    assert!(charts.body.contains("<svg"));
    assert!(charts.body.contains("1 requests"));
}
