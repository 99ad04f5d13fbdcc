//! The dashboard in a real browser: Debian's `chromium`, headless, driven through
//! `chromedriver` (fantoccini), against a real server on loopback with a real SQLite
//! store and running workers. It crawls every link (no 404, no console error, no CSP
//! violation), filters, opens a detail, replays and sees the status change, sees a
//! delivery sent during the test arrive in the live tail, checks that a `<script>`
//! payload stays inert and that a POST without its CSRF token is refused, and saves
//! the README's screenshots to `docs/`.
//!
//! Skipped, saying so, when chromium or chromedriver is missing and `CI` is unset; in
//! CI (`.ci/run` installs both) a missing browser fails the test.

use std::collections::{BTreeSet, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use http::{HeaderMap, HeaderValue};
use serde_json::{json, Value};
use webhook::dashboard::Dashboard;
use webhook::store::{self, DeliveryId, NewDelivery, RetryPolicy, Start, Store};
use webhook::{router, stripe, testing, webhook, Mode};

const SECRET: &str = "whsec_browser_test";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(event: stripe::Event<serde_json::Value>) {
    tracing::debug!(event = %event.id, "invoice.paid");
}

fn stripe_body(id: &str, extra: &str) -> String {
    format!(
        r#"{{"id":"{id}","object":"event","type":"invoice.paid","created":1714570200,"livemode":false,"data":{{"object":{{"id":"in_1","amount_paid":4200,"note":{extra}}}}}}}"#
    )
}

/// A chromedriver process of this test's, ended when dropped.
struct Driver {
    child: Child,
    port: u16,
    _profile: TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        let path =
            std::env::temp_dir().join(format!("webhook-{label}-{}-{nanos:x}", std::process::id()));
        std::fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("address").port()
}

/// chromium and chromedriver, or `None` (skip) when they are missing outside CI.
fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but {CHROMIUM} or {CHROMEDRIVER} is missing: `.ci/run` installs \
             them with `apt-get install chromium chromium-driver`"
        );
        eprintln!(
            "SKIPPED dashboard browser test: {CHROMIUM} or {CHROMEDRIVER} is missing \
             (`apt-get install chromium chromium-driver`); CI always runs it"
        );
    }
    present
}

async fn start_driver() -> Driver {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver {
        child,
        port,
        _profile: TempDir::new("chromium-profile"),
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start listening"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    driver
}

async fn connect(driver: &Driver) -> Client {
    let profile = driver._profile.0.display().to_string();
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                format!("--user-data-dir={profile}"),
            ],
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!("an object literal");
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a chromium session")
}

/// chromedriver's browser console log since the last call (`POST /session/{id}/se/log`).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// The console's warnings and errors since the last call (CSP violations are errors).
async fn console_problems(client: &Client) -> Vec<String> {
    let log = client
        .issue_cmd(BrowserLog)
        .await
        .expect("read the browser log");
    log.as_array()
        .into_iter()
        .flatten()
        .filter(|entry| matches!(entry["level"].as_str(), Some("SEVERE" | "WARNING")))
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Seeds the store: a dead delivery, a rejected one, one with a `<script>` payload, and
/// a few succeeded ones of two providers.
async fn seed(store: &dyn Store) -> (DeliveryId, DeliveryId) {
    let worker = store::unique_worker_id("seed");
    let one_attempt = RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    };
    let new = |provider: &str, event: &str, id: &str, body: String| {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert(
            "stripe-signature",
            HeaderValue::from_static("t=1,v1=0123456789abcdef"),
        );
        // The store keeps the endpoint's name, which defaults to the provider's.
        NewDelivery::new(provider, provider, headers, body.into(), SystemTime::now())
            .event(event)
            .delivery_id(id)
            .secret_index(0)
    };
    let mut ids = Vec::new();
    for n in 0..6 {
        let id = format!("evt_seed_{n}");
        let d = new("stripe", "invoice.paid", &id, stripe_body(&id, "\"ok\""));
        ids.push(
            store
                .record_accepted(d, Start::Queued)
                .await
                .expect("record")
                .id(),
        );
    }
    let gh = new(
        "github",
        "push",
        "6f1c2a90-0000-11ef-8000-000000000001",
        r#"{"ref":"refs/heads/main"}"#.to_owned(),
    );
    ids.push(
        store
            .record_accepted(gh, Start::Queued)
            .await
            .expect("record")
            .id(),
    );
    let script = r#""<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">""#;
    let xss = new(
        "stripe",
        "invoice.paid",
        "evt_markup",
        stripe_body("evt_markup", script),
    );
    let xss = store
        .record_accepted(xss, Start::Queued)
        .await
        .expect("record")
        .id();
    let dead = new(
        "stripe",
        "invoice.paid",
        "evt_dead",
        stripe_body("evt_dead", "\"retry me\""),
    );
    let dead = store
        .record_accepted(dead, Start::Queued)
        .await
        .expect("record")
        .id();
    for claimed in store
        .claim(&worker, 100, Duration::from_secs(30))
        .await
        .expect("claim")
    {
        if claimed.id() == dead {
            store
                .fail(
                    dead,
                    &worker,
                    "the ledger service answered 503",
                    &one_attempt,
                )
                .await
                .expect("fail");
        } else {
            store
                .complete(claimed.id(), &worker)
                .await
                .expect("complete");
        }
    }
    let forged = new(
        "stripe",
        "invoice.paid",
        "evt_forged",
        stripe_body("evt_forged", "null"),
    );
    store
        .record_rejected(
            forged,
            "no Stripe-Signature v1 matched any configured secret".to_owned(),
        )
        .await
        .expect("reject");
    (dead, xss)
}

async fn wait_for_text(client: &Client, css: &str, text: &str, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if element.text().await.is_ok_and(|found| found.contains(text)) {
                return true;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

async fn body_text(client: &Client) -> String {
    client
        .find(Locator::Css("body"))
        .await
        .expect("a body")
        .text()
        .await
        .expect("its text")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = TempDir::new("dashboard-browser");
    let store = store::open(dir.0.join("deliveries.db").to_str().expect("utf-8"))
        .await
        .expect("open the store");
    let (dead, xss) = seed(&*store).await;

    let service = router![invoice_paid]
        .secret("stripe", SECRET)
        .store(Arc::clone(&store))
        .mode(Mode::Queued)
        .start(())
        .expect("start");
    let app = service.router.nest(
        "/dashboard",
        Dashboard::new(Arc::clone(&store)).into_router(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    let base = format!("http://{address}");
    let home = format!("{base}/dashboard");

    let driver = start_driver().await;
    let client = connect(&driver).await;
    let http = reqwest::Client::new();

    // Crawl every link the pages show, breadth first: each answers 200 over HTTP and
    // loads in the browser without a console error or CSP violation.
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([home.clone()]);
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) || seen.len() > 60 {
            continue;
        }
        let status = http.get(&url).send().await.expect("GET").status();
        assert_eq!(status, 200, "{url}");
        client.goto(&url).await.expect("navigate");
        let problems = console_problems(&client).await;
        assert!(problems.is_empty(), "{url}: {problems:?}");
        for link in client
            .find_all(Locator::Css("a[href]"))
            .await
            .expect("links")
        {
            let Some(href) = link.prop("href").await.expect("href") else {
                continue;
            };
            if href.starts_with(&home) && !seen.contains(&href) {
                queue.push_back(href);
            }
        }
    }
    assert!(seen.len() >= 8, "crawled too little: {seen:?}");
    // The stylesheet and script loaded (no CSP block): the computed style is ours.
    client.goto(&home).await.expect("navigate");
    let font = client
        .execute(
            "return getComputedStyle(document.querySelector('table')).borderCollapse",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(font, json!("collapse"));

    // Screenshots for the README.
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    std::fs::create_dir_all(&docs).expect("docs/");
    let list_png = client.screenshot().await.expect("screenshot");
    std::fs::write(docs.join("dashboard-list.png"), list_png).expect("save");

    // Keyboard: `/` focuses the search, `j` selects the first row.
    let page = client.find(Locator::Css("body")).await.expect("body");
    page.send_keys("/").await.expect("type");
    let focused = client
        .execute("return document.activeElement.id", vec![])
        .await
        .expect("script");
    assert_eq!(focused, json!("search"));
    client
        .execute("document.activeElement.blur()", vec![])
        .await
        .expect("script");
    page.send_keys("j").await.expect("type");
    let selected = client
        .execute(
            "return document.querySelectorAll('tr.selected').length",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(selected, json!(1));

    // Filter through the form: the filter lands in the URL.
    let provider = client
        .find(Locator::Css("input[name=provider]"))
        .await
        .expect("input");
    provider.send_keys("github").await.expect("type");
    client
        .find(Locator::Css("form.filters button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("submit");
    // The submit navigates; WebDriver's click does not always wait for that.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let url = client.current_url().await.expect("url");
        if url.as_str().contains("provider=github") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the filter never reached the URL: {url}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let rows = client
        .find_all(Locator::Css("tbody.deliveries tr"))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1);
    assert!(body_text(&client)
        .await
        .contains("6f1c2a90-0000-11ef-8000-000000000001"));

    // A `<script>` payload stays text: shown, never run.
    client
        .goto(&format!("{home}/deliveries/{xss}"))
        .await
        .expect("navigate");
    let raw = client
        .find(Locator::Css("#body-raw"))
        .await
        .expect("raw body")
        .text()
        .await
        .expect("text");
    assert!(raw.contains("<script>window.__xss = 1</script>"));
    let ran = client
        .execute("return typeof window.__xss", vec![])
        .await
        .expect("script");
    assert_eq!(ran, json!("undefined"));

    // The dead delivery: open it, replay it, and watch a worker run it to success.
    client
        .goto(&format!("{home}/deliveries/{dead}"))
        .await
        .expect("navigate");
    assert!(body_text(&client)
        .await
        .contains("the ledger service answered 503"));
    std::fs::write(
        docs.join("dashboard-detail.png"),
        client.screenshot().await.expect("screenshot"),
    )
    .expect("save");
    client
        .find(Locator::Css("form.replay button"))
        .await
        .expect("a replay button")
        .click()
        .await
        .expect("replay");
    assert!(
        wait_for_text(
            &client,
            "#replayed",
            "Queued to run again",
            Duration::from_secs(3)
        )
        .await
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        client.refresh().await.expect("reload");
        if client
            .find(Locator::Css("h2 .status-succeeded"))
            .await
            .is_ok()
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the replayed delivery never succeeded: {}",
            body_text(&client).await
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // A POST without its CSRF token is refused, in the browser too.
    client
        .execute(
            "document.querySelector('form.replay input[name=csrf]').remove();\
             document.querySelector('form.replay').submit();",
            vec![],
        )
        .await
        .expect("script");
    assert!(wait_for_text(&client, "main", "no CSRF token", Duration::from_secs(3)).await);
    let problems = console_problems(&client).await;
    assert!(
        problems.iter().all(|problem| problem.contains("403")),
        "only the refused POST may log: {problems:?}"
    );

    // The live tail: a delivery sent now shows on the open list within 2 seconds.
    client.goto(&home).await.expect("navigate");
    assert!(wait_for_text(&client, "#tail", "live", Duration::from_secs(5)).await);
    let body = stripe_body("evt_live_tail", "\"live\"");
    let signature = testing::stripe_signature(&[SECRET], testing::now(), body.as_bytes());
    let sent = http
        .post(format!("{base}/webhooks/stripe"))
        .header("stripe-signature", signature)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("POST");
    assert_eq!(sent.status(), 200);
    assert!(
        wait_for_text(
            &client,
            "tbody.deliveries",
            "evt_live_tail",
            Duration::from_millis(2500)
        )
        .await,
        "the new delivery did not show in the live tail within 2 s"
    );
    let problems = console_problems(&client).await;
    assert!(problems.is_empty(), "{problems:?}");

    client.close().await.expect("close the browser");
    drop(driver);
    server.abort();
    service.workers.shutdown().await;
}
