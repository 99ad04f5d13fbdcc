//! Durable delivery through the router, on SQLite: log, dedupe, inline and queued
//! modes, retries to dead-letter, replay, graceful shutdown.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use http::StatusCode;
use webhook::store::{self, DeliveryFilter, DeliveryStatus, RetryPolicy, Store};
use webhook::testing::{send, signed_request, stripe_request};
use webhook::{router, stripe, webhook, Mode};

const SECRET: &str = "whsec_durable";

#[derive(Clone, Default)]
struct Counters {
    runs: Arc<AtomicUsize>,
    /// Runs left that fail before the handler starts succeeding.
    failures_left: Arc<AtomicUsize>,
}

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn counted(
    _event: stripe::Event<serde_json::Value>,
    State(counters): State<Counters>,
) -> Result<(), String> {
    counters.runs.fetch_add(1, Ordering::SeqCst);
    let left = counters.failures_left.load(Ordering::SeqCst);
    if left > 0 {
        counters.failures_left.store(left - 1, Ordering::SeqCst);
        return Err("downstream unavailable".to_owned());
    }
    Ok(())
}

#[webhook(provider = "stripe", event = "customer.created", mode = "queued")]
async fn always_queued(State(counters): State<Counters>) {
    counters.runs.fetch_add(1, Ordering::SeqCst);
}

fn event(id: &str, event_type: &str) -> String {
    format!(
        r#"{{"id":"{id}","object":"event","type":"{event_type}","created":1,"livemode":false,"data":{{"object":{{}}}}}}"#
    )
}

async fn sqlite_store() -> (Arc<dyn Store>, tempdir::Dir) {
    let dir = tempdir::Dir::new();
    let store = store::open(dir.path.join("deliveries.db").to_str().unwrap())
        .await
        .unwrap();
    (store, dir)
}

/// A temporary directory removed on drop.
mod tempdir {
    pub struct Dir {
        pub path: std::path::PathBuf,
    }
    impl Dir {
        pub fn new() -> Self {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "webhook-durable-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::SeqCst)
            ));
            std::fs::create_dir_all(&path).unwrap();
            Dir { path }
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

async fn wait_until(mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("condition not reached in 5 s");
}

async fn status_of(store: &Arc<dyn Store>, delivery_id: &str) -> DeliveryStatus {
    let rows = store.list(&DeliveryFilter::new()).await.unwrap();
    rows.iter()
        .find(|row| row.delivery_id.as_deref() == Some(delivery_id))
        .expect("logged")
        .status
}

#[tokio::test]
async fn inline_mode_logs_dedupes_and_lets_the_provider_retry_a_failure() {
    let (store, _dir) = sqlite_store().await;
    let counters = Counters::default();
    counters.failures_left.store(1, Ordering::SeqCst);
    let app = router![counted]
        .secret("stripe", SECRET)
        .store(Arc::clone(&store))
        .into_router()
        .unwrap()
        .with_state(counters.clone());

    let first = send(
        &app,
        stripe_request("/webhooks/stripe", SECRET, event("evt_a", "invoice.paid")),
    )
    .await;
    assert_eq!(first.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(status_of(&store, "evt_a").await, DeliveryStatus::Failed);

    // The provider's retry takes the failed delivery over and runs it again.
    let retry = send(
        &app,
        stripe_request("/webhooks/stripe", SECRET, event("evt_a", "invoice.paid")),
    )
    .await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(status_of(&store, "evt_a").await, DeliveryStatus::Succeeded);

    // Once it succeeded, copies are duplicates: 200, handler not run.
    let copy = send(
        &app,
        stripe_request("/webhooks/stripe", SECRET, event("evt_a", "invoice.paid")),
    )
    .await;
    assert_eq!(copy.status, StatusCode::OK);
    assert_eq!(copy.json()["status"], "duplicate");
    assert_eq!(counters.runs.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn fifty_concurrent_copies_run_the_handler_once() {
    let (store, _dir) = sqlite_store().await;
    let counters = Counters::default();
    let app = router![counted]
        .secret("stripe", SECRET)
        .store(Arc::clone(&store))
        .into_router()
        .unwrap()
        .with_state(counters.clone());
    let copies = (0..50).map(|_| {
        let app = app.clone();
        tokio::spawn(async move {
            send(
                &app,
                stripe_request(
                    "/webhooks/stripe",
                    SECRET,
                    event("evt_same", "invoice.paid"),
                ),
            )
            .await
        })
    });
    for copy in copies {
        assert_eq!(copy.await.unwrap().status, StatusCode::OK);
    }
    assert_eq!(counters.runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn queued_mode_acknowledges_then_workers_run_retry_and_dead_letter() {
    let (store, _dir) = sqlite_store().await;
    let counters = Counters::default();
    counters.failures_left.store(usize::MAX, Ordering::SeqCst);
    let policy = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(50),
        jitter: 0.0,
    };
    let service = router![counted, always_queued]
        .secret("stripe", SECRET)
        .store(Arc::clone(&store))
        .mode(Mode::Queued)
        .retry(policy)
        .workers(2)
        .start(counters.clone())
        .unwrap();

    let answer = send(
        &service.router,
        stripe_request("/webhooks/stripe", SECRET, event("evt_q", "invoice.paid")),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["status"], "queued");
    let runs = Arc::clone(&counters.runs);
    wait_until(|| runs.load(Ordering::SeqCst) == 3).await;
    wait_until_status(&store, "evt_q", DeliveryStatus::Dead).await;

    // Replay: the handler works now, and the replayed delivery succeeds.
    counters.failures_left.store(0, Ordering::SeqCst);
    let dead = DeliveryFilter::new().status(DeliveryStatus::Dead);
    assert_eq!(store.replay_matching(&dead).await.unwrap(), 1);
    wait_until_status(&store, "evt_q", DeliveryStatus::Succeeded).await;
    assert_eq!(counters.runs.load(Ordering::SeqCst), 4);
    service.workers.shutdown().await;
}

async fn wait_until_status(store: &Arc<dyn Store>, delivery_id: &str, wanted: DeliveryStatus) {
    for _ in 0..200 {
        if status_of(store, delivery_id).await == wanted {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!(
        "{delivery_id} never reached {wanted:?}: {:?}",
        status_of(store, delivery_id).await
    );
}

#[tokio::test]
async fn a_queued_handler_without_store_is_a_build_error() {
    let error = router![always_queued]
        .secret("stripe", SECRET)
        .into_router()
        .map(|_: axum::Router<Counters>| ());
    assert!(error.unwrap_err().to_string().contains("needs a store"));
}

#[tokio::test]
async fn queued_handlers_need_start_not_into_router() {
    let (store, _dir) = sqlite_store().await;
    let error = router![always_queued]
        .secret("stripe", SECRET)
        .store(store)
        .into_router()
        .map(|_: axum::Router<Counters>| ());
    assert!(error.unwrap_err().to_string().contains(".start(state)"));
}

#[tokio::test]
async fn rejected_requests_are_logged_with_the_reason_and_redacted_headers() {
    let (store, _dir) = sqlite_store().await;
    let app = router![counted]
        .secret("stripe", SECRET)
        .store(Arc::clone(&store))
        .into_router()
        .unwrap()
        .with_state(Counters::default());
    let forged = signed_request(
        "/webhooks/stripe",
        &[
            ("stripe-signature", "t=1,v1=deadbeef".to_owned()),
            ("authorization", "Bearer hunter2".to_owned()),
        ],
        event("evt_forged", "invoice.paid").into(),
    );
    assert_eq!(send(&app, forged).await.status, StatusCode::UNAUTHORIZED);
    let rows = store
        .list(&DeliveryFilter::new().status(DeliveryStatus::Rejected))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0]
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("signature"),
        "{:?}",
        rows[0].last_error
    );
    let stored = store.get(rows[0].id).await.unwrap().unwrap();
    let printed = format!("{:?}", stored.headers);
    assert!(
        !printed.contains("hunter2") && !printed.contains("deadbeef"),
        "{printed}"
    );
}

#[tokio::test]
async fn workers_whose_handle_is_dropped_keep_running_without_spinning() {
    let (store, _dir) = sqlite_store().await;
    let counters = Counters::default();
    let service = router![counted, always_queued]
        .secret("stripe", SECRET)
        .store(Arc::clone(&store))
        .mode(Mode::Queued)
        .workers(2)
        .start(counters.clone())
        .unwrap();
    let router = service.router;
    drop(service.workers);
    // Idle workers wait for work (on SQLite each claim is a write transaction, counted
    // in the writer's stats); they must not claim in a loop.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = store.write_stats().batches;
    assert!(idle < 20, "idle workers claimed {idle} times in 300 ms");
    // And they still run what is queued.
    let answer = send(
        &router,
        stripe_request(
            "/webhooks/stripe",
            SECRET,
            event("evt_dropped", "invoice.paid"),
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let runs = Arc::clone(&counters.runs);
    wait_until(|| runs.load(Ordering::SeqCst) == 1).await;
}

/// A store whose workers' claims and completions wait at gates the test opens: the
/// test decides when a worker may claim, and can hold every completion back.
#[derive(Debug)]
struct Gated {
    inner: Arc<dyn Store>,
    claims: tokio::sync::Semaphore,
    completions: tokio::sync::Semaphore,
}

impl Gated {
    /// Waits for `gate` to be open (it stays open: the permit goes back at once).
    async fn pass(gate: &tokio::sync::Semaphore) {
        drop(gate.acquire().await.expect("the gate is never closed"));
    }
}

impl Store for Gated {
    fn record_accepted(
        &self,
        delivery: store::NewDelivery,
        start: store::Start,
    ) -> store::StoreFuture<'_, store::Recorded> {
        self.inner.record_accepted(delivery, start)
    }
    fn record_rejected(
        &self,
        delivery: store::NewDelivery,
        reason: String,
    ) -> store::StoreFuture<'_, store::DeliveryId> {
        self.inner.record_rejected(delivery, reason)
    }
    fn claim<'a>(
        &'a self,
        worker: &'a str,
        limit: usize,
        lease: Duration,
    ) -> store::StoreFuture<'a, Vec<store::StoredDelivery>> {
        Box::pin(async move {
            Gated::pass(&self.claims).await;
            self.inner.claim(worker, limit, lease).await
        })
    }
    fn renew<'a>(
        &'a self,
        id: store::DeliveryId,
        worker: &'a str,
        lease: Duration,
    ) -> store::StoreFuture<'a, ()> {
        self.inner.renew(id, worker, lease)
    }
    fn complete<'a>(
        &'a self,
        id: store::DeliveryId,
        worker: &'a str,
    ) -> store::StoreFuture<'a, ()> {
        Box::pin(async move {
            Gated::pass(&self.completions).await;
            self.inner.complete(id, worker).await
        })
    }
    fn fail<'a>(
        &'a self,
        id: store::DeliveryId,
        worker: &'a str,
        error: &'a str,
        policy: &'a RetryPolicy,
    ) -> store::StoreFuture<'a, store::Failed> {
        self.inner.fail(id, worker, error, policy)
    }
    fn fail_inline<'a>(
        &'a self,
        id: store::DeliveryId,
        worker: &'a str,
        error: &'a str,
    ) -> store::StoreFuture<'a, ()> {
        self.inner.fail_inline(id, worker, error)
    }
    fn release<'a>(&'a self, worker: &'a str) -> store::StoreFuture<'a, u64> {
        self.inner.release(worker)
    }
    fn replay(&self, id: store::DeliveryId) -> store::StoreFuture<'_, ()> {
        self.inner.replay(id)
    }
    fn replay_matching<'a>(&'a self, filter: &'a DeliveryFilter) -> store::StoreFuture<'a, u64> {
        self.inner.replay_matching(filter)
    }
    fn count<'a>(&'a self, filter: &'a DeliveryFilter) -> store::StoreFuture<'a, u64> {
        self.inner.count(filter)
    }
    fn count_replayable<'a>(&'a self, filter: &'a DeliveryFilter) -> store::StoreFuture<'a, u64> {
        self.inner.count_replayable(filter)
    }
    fn volume(
        &self,
        since: std::time::SystemTime,
        bucket: Duration,
    ) -> store::StoreFuture<'_, Vec<store::VolumeBucket>> {
        self.inner.volume(since, bucket)
    }
    fn list<'a>(
        &'a self,
        filter: &'a DeliveryFilter,
    ) -> store::StoreFuture<'a, Vec<store::DeliverySummary>> {
        self.inner.list(filter)
    }
    fn get(&self, id: store::DeliveryId) -> store::StoreFuture<'_, Option<store::StoredDelivery>> {
        self.inner.get(id)
    }
    fn prune(&self, older_than: Duration) -> store::StoreFuture<'_, u64> {
        self.inner.prune(older_than)
    }
    fn write_stats(&self) -> store::WriteStats {
        self.inner.write_stats()
    }
    fn close(&self) -> store::StoreFuture<'_, ()> {
        self.inner.close()
    }
}

/// A worker does not wait for one delivery's outcome to be committed before it runs
/// the next handler of its claimed batch (the outcomes then share group commits); it
/// waits for all of them before it claims again.
#[tokio::test]
async fn a_worker_runs_its_claimed_batch_while_the_outcomes_are_recorded() {
    let (inner, _dir) = sqlite_store().await;
    let gated = Arc::new(Gated {
        inner,
        claims: tokio::sync::Semaphore::new(0),
        completions: tokio::sync::Semaphore::new(0),
    });
    let store: Arc<dyn Store> = Arc::clone(&gated) as Arc<dyn Store>;
    let counters = Counters::default();
    let service = router![counted]
        .secret("stripe", SECRET)
        .store(Arc::clone(&store))
        .mode(Mode::Queued)
        .workers(1)
        .start(counters.clone())
        .unwrap();
    for n in 0..3 {
        let body = event(&format!("evt_batch_{n}"), "invoice.paid");
        let answer = send(
            &service.router,
            stripe_request("/webhooks/stripe", SECRET, body),
        )
        .await;
        assert_eq!(answer.json()["status"], "queued");
    }
    // The worker claims the three at once, and runs all three handlers while the first
    // completion is still held back.
    gated.claims.add_permits(1);
    let runs = Arc::clone(&counters.runs);
    wait_until(|| runs.load(Ordering::SeqCst) == 3).await;
    let processing = DeliveryFilter::new().status(DeliveryStatus::Processing);
    assert_eq!(store.list(&processing).await.unwrap().len(), 3);
    gated.completions.add_permits(1);
    for n in 0..3 {
        wait_until_status(&store, &format!("evt_batch_{n}"), DeliveryStatus::Succeeded).await;
    }
    assert_eq!(counters.runs.load(Ordering::SeqCst), 3);
    service.workers.shutdown().await;
}
