//! What every store backend must do, one async fn per case; `store_suite!` turns them
//! into tests per backend.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::HeaderValue;
use tokio::sync::Barrier;
use webhook::store::{
    unique_worker_id, DeliveryFilter, DeliveryId, DeliveryStatus, Failed, NewDelivery, Recorded,
    RetryPolicy, Start, Store, StoreError, StoreOptions, REDACTED,
};

pub(crate) use super::batched::{
    a_batch_with_copies_makes_one_new_row_per_delivery, batched_completions_respect_lease_ownership,
};
use super::{delivery, Backend};

const LEASE: Duration = Duration::from_secs(30);

/// `copies` concurrent `record_accepted` calls of what `make` builds, spread over
/// `stores` and released together.
async fn record_concurrently(
    stores: &[Arc<dyn Store>],
    copies: usize,
    make: impl Fn(usize) -> NewDelivery,
) -> Vec<Recorded> {
    let barrier = Arc::new(Barrier::new(copies));
    let tasks: Vec<_> = (0..copies)
        .map(|n| {
            let store = Arc::clone(&stores[n % stores.len()]);
            let barrier = Arc::clone(&barrier);
            let delivery = make(n);
            tokio::spawn(async move {
                barrier.wait().await;
                store.record_accepted(delivery, Start::Queued).await
            })
        })
        .collect();
    let mut outcomes = Vec::with_capacity(copies);
    for task in tasks {
        outcomes.push(task.await.expect("task").expect("record_accepted"));
    }
    outcomes
}

fn count_new(outcomes: &[Recorded]) -> usize {
    outcomes
        .iter()
        .filter(|o| matches!(o, Recorded::New { .. }))
        .count()
}

fn assert_one_new_rest_duplicates(outcomes: &[Recorded]) {
    assert_eq!(count_new(outcomes), 1, "{outcomes:?}");
    let first = outcomes[0].id();
    for outcome in outcomes {
        assert_eq!(outcome.id(), first, "{outcomes:?}");
        assert!(
            matches!(
                outcome,
                Recorded::New { .. }
                    | Recorded::Duplicate {
                        status: DeliveryStatus::Queued,
                        ..
                    }
            ),
            "{outcome:?}"
        );
    }
}

async fn queue(store: &dyn Store, n: usize, event: &str) -> Vec<DeliveryId> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!("evt_{event}_{i}");
        let recorded = store
            .record_accepted(delivery(Some(&id), event, "{}"), Start::Queued)
            .await
            .expect("record");
        ids.push(recorded.id());
    }
    ids
}

async fn status_of(store: &dyn Store, id: DeliveryId) -> DeliveryStatus {
    store
        .get(id)
        .await
        .expect("get")
        .expect("row exists")
        .summary
        .status
}

pub(crate) async fn fifty_copies_make_one_new_row(backend: &impl Backend) {
    let store = backend.open().await;
    let outcomes = record_concurrently(&[Arc::clone(&store)], 50, |_| {
        delivery(Some("evt_dup"), "invoice.paid", r#"{"id":"evt_dup"}"#)
    })
    .await;
    assert_one_new_rest_duplicates(&outcomes);
    let rows = store.list(&DeliveryFilter::new()).await.expect("list");
    assert_eq!(rows.len(), 1);
}

pub(crate) async fn fifty_copies_across_two_instances_make_one_new_row(backend: &impl Backend) {
    let instances = [backend.open().await, backend.open().await];
    for round in 0..3 {
        let id = format!("evt_shared_{round}");
        let outcomes = record_concurrently(&instances, 50, |_| {
            delivery(Some(&id), "invoice.paid", "{}")
        })
        .await;
        assert_one_new_rest_duplicates(&outcomes);
    }
    let rows = instances[1]
        .list(&DeliveryFilter::new())
        .await
        .expect("list");
    assert_eq!(rows.len(), 3);
}

pub(crate) async fn many_deliveries_across_two_instances_are_each_recorded_once(
    backend: &impl Backend,
) {
    let instances = [backend.open().await, backend.open().await];
    // Each instance sees the keys in a different order: batches that took row locks in
    // arrival order could deadlock each other.
    let keys = 40;
    let outcomes = record_concurrently(&instances, keys * 3, |n| {
        let key = if n % 2 == 0 {
            n / 3 % keys
        } else {
            keys - 1 - n / 3 % keys
        };
        delivery(Some(&format!("evt_many_{key}")), "invoice.paid", "{}")
    })
    .await;
    assert_eq!(count_new(&outcomes), keys, "{outcomes:?}");
    let rows = instances[0]
        .list(&DeliveryFilter::new())
        .await
        .expect("list");
    assert_eq!(rows.len(), keys);
}

pub(crate) async fn copies_in_one_batch_are_duplicates(backend: &impl Backend) {
    let store = backend.open().await;
    // While another connection holds the write lock, the first record waits in its
    // transaction and every other copy queues up: they go into one batch together.
    backend.block_writes_for(Duration::from_millis(400)).await;
    let outcomes = record_concurrently(&[Arc::clone(&store)], 20, |_| {
        delivery(Some("evt_batch"), "invoice.paid", "{}")
    })
    .await;
    assert_one_new_rest_duplicates(&outcomes);
    let stats = store.write_stats();
    assert!(
        stats.largest_batch >= 2,
        "no batch carried two copies: {stats:?}"
    );
    assert_eq!(stats.records, 20);
}

pub(crate) async fn deliveries_without_an_id_dedupe_on_the_body(backend: &impl Backend) {
    let store = backend.open().await;
    let first = store
        .record_accepted(delivery(None, "push", r#"{"ref":"main"}"#), Start::Queued)
        .await
        .expect("record");
    let same = store
        .record_accepted(delivery(None, "push", r#"{"ref":"main"}"#), Start::Queued)
        .await
        .expect("record");
    let other = store
        .record_accepted(delivery(None, "push", r#"{"ref":"dev"}"#), Start::Queued)
        .await
        .expect("record");
    assert!(matches!(first, Recorded::New { .. }));
    assert_eq!(
        same,
        Recorded::Duplicate {
            id: first.id(),
            status: DeliveryStatus::Queued
        }
    );
    assert!(matches!(other, Recorded::New { .. }));
    let stored = store.get(first.id()).await.expect("get").expect("row");
    assert!(stored.summary.delivery_key.starts_with("sha256:"));
    assert_eq!(stored.summary.delivery_id, None);
}

pub(crate) async fn rejected_requests_are_logged_with_reason_and_redacted_headers(
    backend: &impl Backend,
) {
    let store = backend.open().await;
    let mut forged = delivery(Some("evt_forged"), "invoice.paid", r#"{"id":"evt_forged"}"#);
    forged.event = None;
    forged.secret_index = None;
    forged.headers.insert(
        "stripe-signature",
        HeaderValue::from_static("t=1,v1=SUPERSECRETSIGNATURE"),
    );
    forged.headers.insert(
        "x-custom-token",
        HeaderValue::from_static("SUPERSECRETTOKEN"),
    );
    let rejected = store
        .record_rejected(forged, "signature mismatch".to_owned())
        .await
        .expect("record_rejected");
    let row = store.get(rejected).await.expect("get").expect("row");
    assert_eq!(row.summary.status, DeliveryStatus::Rejected);
    assert_eq!(
        row.summary.last_error.as_deref(),
        Some("signature mismatch")
    );
    assert_eq!(row.summary.event, None);
    assert_eq!(row.summary.secret_index, None);
    assert_eq!(row.headers["stripe-signature"], REDACTED);
    assert_eq!(row.headers["x-custom-token"], REDACTED);
    assert_eq!(row.headers["content-type"], "application/json");
    assert_eq!(&row.body[..], br#"{"id":"evt_forged"}"#);
    let printed = format!("{row:?}");
    assert!(!printed.contains("SUPERSECRET"), "{printed}");

    // The genuine delivery with the same id is not blocked by the forged one.
    let genuine = store
        .record_accepted(
            delivery(Some("evt_forged"), "invoice.paid", "{}"),
            Start::Queued,
        )
        .await
        .expect("record");
    assert!(matches!(genuine, Recorded::New { .. }), "{genuine:?}");
    // A rejected row is never claimed or replayed.
    let claimed = store.claim("w", 10, LEASE).await.expect("claim");
    assert_eq!(
        claimed.iter().map(|d| d.id()).collect::<Vec<_>>(),
        [genuine.id()]
    );
    let replay = store.replay(rejected).await;
    assert!(
        matches!(replay, Err(StoreError::NotReplayable { .. })),
        "{replay:?}"
    );
}

pub(crate) async fn inline_failure_is_run_again_by_the_provider_retry(backend: &impl Backend) {
    let store = backend.open().await;
    let worker = unique_worker_id("inline");
    let inline = || Start::Processing {
        worker: worker.clone(),
        lease: LEASE,
    };
    let first = store
        .record_accepted(delivery(Some("evt_inline"), "invoice.paid", "{}"), inline())
        .await
        .expect("record");
    let Recorded::New { id } = first else {
        panic!("{first:?}")
    };
    assert_eq!(status_of(&*store, id).await, DeliveryStatus::Processing);
    // A copy arriving while the first runs is a duplicate.
    let during = store
        .record_accepted(delivery(Some("evt_inline"), "invoice.paid", "{}"), inline())
        .await
        .expect("record");
    assert_eq!(
        during,
        Recorded::Duplicate {
            id,
            status: DeliveryStatus::Processing
        }
    );
    store
        .fail_inline(id, &worker, "handler returned an error")
        .await
        .expect("fail_inline");
    assert_eq!(status_of(&*store, id).await, DeliveryStatus::Failed);

    let retry = store
        .record_accepted(delivery(Some("evt_inline"), "invoice.paid", "{}"), inline())
        .await
        .expect("record");
    assert_eq!(retry, Recorded::Reclaimed { id });
    let row = store.get(id).await.expect("get").expect("row");
    assert_eq!(row.summary.status, DeliveryStatus::Processing);
    assert_eq!(row.summary.attempts, 2);
    store.complete(id, &worker).await.expect("complete");

    let after = store
        .record_accepted(delivery(Some("evt_inline"), "invoice.paid", "{}"), inline())
        .await
        .expect("record");
    assert_eq!(
        after,
        Recorded::Duplicate {
            id,
            status: DeliveryStatus::Succeeded
        }
    );
}

pub(crate) async fn abandoned_inline_run_is_reclaimed_after_its_lease(backend: &impl Backend) {
    let store = backend.open().await;
    let crashed = Start::Processing {
        worker: unique_worker_id("crashed"),
        lease: Duration::from_millis(150),
    };
    let first = store
        .record_accepted(delivery(Some("evt_crash"), "invoice.paid", "{}"), crashed)
        .await
        .expect("record");
    tokio::time::sleep(Duration::from_millis(250)).await;
    let retry = store
        .record_accepted(
            delivery(Some("evt_crash"), "invoice.paid", "{}"),
            Start::Queued,
        )
        .await
        .expect("record");
    assert_eq!(retry, Recorded::Reclaimed { id: first.id() });
    assert_eq!(status_of(&*store, first.id()).await, DeliveryStatus::Queued);
}

pub(crate) async fn concurrent_workers_claim_each_row_once(backend: &impl Backend) {
    let instances = [backend.open().await, backend.open().await];
    let ids = queue(&*instances[0], 120, "invoice.paid").await;
    let workers: Vec<_> = (0..6)
        .map(|n| {
            let store = Arc::clone(&instances[n % 2]);
            tokio::spawn(async move {
                let worker = unique_worker_id("claimer");
                let mut mine = Vec::new();
                loop {
                    let claimed = store.claim(&worker, 7, LEASE).await.expect("claim");
                    if claimed.is_empty() {
                        return mine;
                    }
                    for delivery in claimed {
                        assert_eq!(
                            delivery.summary.claimed_by.as_deref(),
                            Some(worker.as_str())
                        );
                        assert_eq!(delivery.summary.attempts, 1);
                        store
                            .complete(delivery.id(), &worker)
                            .await
                            .expect("complete");
                        mine.push(delivery.id());
                    }
                }
            })
        })
        .collect();
    let mut times_claimed: BTreeMap<DeliveryId, usize> = BTreeMap::new();
    for worker in workers {
        for id in worker.await.expect("worker") {
            *times_claimed.entry(id).or_default() += 1;
        }
    }
    assert_eq!(times_claimed.len(), ids.len());
    assert!(times_claimed.values().all(|&n| n == 1), "{times_claimed:?}");
    let done = DeliveryFilter::new().status(DeliveryStatus::Succeeded);
    assert_eq!(
        instances[1].list(&done).await.expect("list").len(),
        ids.len()
    );
}

pub(crate) async fn expired_lease_moves_to_another_worker_and_the_old_one_is_refused(
    backend: &impl Backend,
) {
    let store = backend.open().await;
    let [id] = queue(&*store, 1, "invoice.paid").await[..] else {
        panic!("one row")
    };
    let (stalled, healthy) = (unique_worker_id("stalled"), unique_worker_id("healthy"));
    let claimed = store
        .claim(&stalled, 10, Duration::from_millis(400))
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    assert!(store
        .claim(&healthy, 10, LEASE)
        .await
        .expect("claim")
        .is_empty());
    tokio::time::sleep(Duration::from_millis(500)).await;
    let taken = store.claim(&healthy, 10, LEASE).await.expect("claim");
    assert_eq!(taken.iter().map(|d| d.id()).collect::<Vec<_>>(), [id]);
    assert_eq!(taken[0].summary.attempts, 2);

    let late = store.complete(id, &stalled).await;
    assert!(
        matches!(late, Err(StoreError::LeaseLost { .. })),
        "{late:?}"
    );
    let late = store
        .fail(id, &stalled, "boom", &RetryPolicy::default())
        .await;
    assert!(
        matches!(late, Err(StoreError::LeaseLost { .. })),
        "{late:?}"
    );
    let late = store.renew(id, &stalled, LEASE).await;
    assert!(
        matches!(late, Err(StoreError::LeaseLost { .. })),
        "{late:?}"
    );
    store.complete(id, &healthy).await.expect("complete");
    let again = store.complete(id, &healthy).await;
    assert!(
        matches!(again, Err(StoreError::LeaseLost { .. })),
        "{again:?}"
    );
    let missing = store.complete(DeliveryId(999_999), &healthy).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "{missing:?}"
    );
}

pub(crate) async fn renew_extends_only_the_holders_lease(backend: &impl Backend) {
    let store = backend.open().await;
    queue(&*store, 1, "invoice.paid").await;
    let worker = unique_worker_id("slow");
    let claimed = store
        .claim(&worker, 1, Duration::from_millis(200))
        .await
        .expect("claim");
    let id = claimed[0].id();
    tokio::time::sleep(Duration::from_millis(100)).await;
    store.renew(id, &worker, LEASE).await.expect("renew");
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The original lease would have run out by now; the renewed one has not.
    assert!(store
        .claim("other", 1, LEASE)
        .await
        .expect("claim")
        .is_empty());
    store.complete(id, &worker).await.expect("complete");
}

pub(crate) async fn failures_back_off_with_jitter_then_go_dead(backend: &impl Backend) {
    let store = backend
        .open_with(StoreOptions::default().max_error_len(100))
        .await;
    let policy = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(150),
        jitter: 0.5,
    };
    let [id] = queue(&*store, 1, "invoice.paid").await[..] else {
        panic!("one row")
    };
    let worker = unique_worker_id("failing");
    let long_error = "x".repeat(10_000);
    // Attempt n waits min(150, 100 * 2^(n-1)) ms, less up to half of it.
    let bounds = [(50, 100), (75, 150)];
    for (attempt, (shortest, longest)) in (1..).zip(bounds) {
        let claimed = store.claim(&worker, 1, LEASE).await.expect("claim");
        assert_eq!(claimed.len(), 1, "attempt {attempt}");
        assert_eq!(claimed[0].summary.attempts, attempt);
        let before = SystemTime::now();
        let failed = store
            .fail(id, &worker, &long_error, &policy)
            .await
            .expect("fail");
        let after = SystemTime::now();
        let Failed::Retrying {
            attempts,
            next_attempt_at,
        } = failed
        else {
            panic!("{failed:?}")
        };
        assert_eq!(attempts, attempt);
        let slack = Duration::from_millis(5);
        assert!(next_attempt_at + slack >= before + Duration::from_millis(shortest));
        assert!(next_attempt_at <= after + Duration::from_millis(longest) + slack);
        let row = store.get(id).await.expect("get").expect("row");
        assert_eq!(row.summary.status, DeliveryStatus::Retrying);
        assert!(row
            .summary
            .last_error
            .as_deref()
            .is_some_and(|e| e.len() <= 100));
        // Not due yet.
        assert!(store
            .claim(&worker, 1, LEASE)
            .await
            .expect("claim")
            .is_empty());
        let wait = next_attempt_at
            .duration_since(SystemTime::now())
            .unwrap_or_default();
        tokio::time::sleep(wait + Duration::from_millis(20)).await;
    }
    let claimed = store.claim(&worker, 1, LEASE).await.expect("claim");
    assert_eq!(claimed[0].summary.attempts, 3);
    let failed = store
        .fail(id, &worker, "still broken", &policy)
        .await
        .expect("fail");
    assert_eq!(failed, Failed::Dead { attempts: 3 });
    let row = store.get(id).await.expect("get").expect("row");
    assert_eq!(row.summary.status, DeliveryStatus::Dead);
    assert_eq!(row.summary.last_error.as_deref(), Some("still broken"));
    assert_eq!(row.summary.next_attempt_at, None);
    assert!(store
        .claim(&worker, 1, LEASE)
        .await
        .expect("claim")
        .is_empty());
}

pub(crate) async fn replay_by_id_and_by_filter(backend: &impl Backend) {
    let store = backend.open().await;
    let policy = RetryPolicy {
        max_attempts: 1,
        ..RetryPolicy::default()
    };
    let worker = unique_worker_id("replay");
    let invoices = queue(&*store, 3, "invoice.paid").await;
    let charges = queue(&*store, 2, "charge.failed").await;
    for delivery in store.claim(&worker, 10, LEASE).await.expect("claim") {
        store
            .fail(delivery.id(), &worker, "down", &policy)
            .await
            .expect("fail");
    }
    let dead = DeliveryFilter::new().status(DeliveryStatus::Dead);
    assert_eq!(store.list(&dead).await.expect("list").len(), 5);

    store.replay(invoices[0]).await.expect("replay");
    let row = store.get(invoices[0]).await.expect("get").expect("row");
    assert_eq!(row.summary.status, DeliveryStatus::Queued);
    assert_eq!(row.summary.attempts, 0, "replay resets attempts");
    assert_eq!(
        row.summary.last_error.as_deref(),
        Some("down"),
        "and keeps the error"
    );

    let replayed = store
        .replay_matching(
            &DeliveryFilter::new()
                .event("invoice.*")
                .status(DeliveryStatus::Dead),
        )
        .await
        .expect("replay_matching");
    assert_eq!(replayed, 2);
    let replayed = store
        .replay_matching(&DeliveryFilter::new().event("charge.failed").limit(1))
        .await
        .expect("replay_matching");
    assert_eq!(replayed, 1);
    assert_eq!(
        status_of(&*store, charges[0]).await,
        DeliveryStatus::Queued,
        "oldest first"
    );
    assert_eq!(status_of(&*store, charges[1]).await, DeliveryStatus::Dead);

    // In-flight rows are left alone, and unknown ids say so.
    let claimed = store.claim(&worker, 10, LEASE).await.expect("claim");
    assert_eq!(claimed.len(), 4);
    assert_eq!(claimed[0].summary.attempts, 1);
    let busy = store.replay(claimed[0].id()).await;
    assert!(
        matches!(
            busy,
            Err(StoreError::NotReplayable {
                status: DeliveryStatus::Processing,
                ..
            })
        ),
        "{busy:?}"
    );
    assert_eq!(
        store
            .replay_matching(&DeliveryFilter::new())
            .await
            .expect("replay"),
        1
    );
    let missing = store.replay(DeliveryId(987_654)).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "{missing:?}"
    );
}

pub(crate) async fn list_filters_and_orders(backend: &impl Backend) {
    let store = backend.open().await;
    let hour = Duration::from_secs(3600);
    let now = SystemTime::now();
    let at = |id: &str, event: &str, provider: &str, hours_ago: u32| {
        let mut d = delivery(Some(id), event, "{}");
        d.provider = provider.to_owned();
        d.received_at = now - hour * hours_ago;
        d
    };
    for d in [
        at("a", "invoice.paid", "stripe", 5),
        at("b", "invoice.payment_failed", "stripe", 4),
        at("c", "invoice_x", "stripe", 3),
        at("d", "push", "github", 2),
        at("e", "invoice.paid", "stripe", 1),
    ] {
        store
            .record_accepted(d, Start::Queued)
            .await
            .expect("record");
    }
    let ids = |rows: Vec<webhook::store::DeliverySummary>| {
        rows.into_iter()
            .map(|r| r.delivery_id.unwrap_or_default())
            .collect::<Vec<_>>()
    };
    let list = |filter: DeliveryFilter| {
        let store = Arc::clone(&store);
        async move { ids(store.list(&filter).await.expect("list")) }
    };
    assert_eq!(list(DeliveryFilter::new()).await, ["e", "d", "c", "b", "a"]);
    assert_eq!(list(DeliveryFilter::new().provider("github")).await, ["d"]);
    assert_eq!(
        list(DeliveryFilter::new().event("invoice.paid")).await,
        ["e", "a"]
    );
    assert_eq!(
        list(DeliveryFilter::new().event("invoice.*")).await,
        ["e", "b", "a"]
    );
    assert_eq!(list(DeliveryFilter::new().event("*")).await.len(), 5);
    assert_eq!(
        list(DeliveryFilter::new().endpoint("/webhooks/stripe").limit(2)).await,
        ["e", "d"]
    );
    let window = DeliveryFilter::new()
        .received_after(now - hour * 4)
        .received_before(now - hour * 2);
    assert_eq!(list(window).await, ["c", "b"]);
    assert!(list(DeliveryFilter::new().status(DeliveryStatus::Dead))
        .await
        .is_empty());
}

pub(crate) async fn keyset_pages_lookups_counts_and_volume(backend: &impl Backend) {
    let store = backend.open().await;
    let hour = Duration::from_secs(3600);
    let now = SystemTime::now();
    let mut recorded = Vec::new();
    for n in 0..7u32 {
        let mut d = delivery(Some(&format!("evt_{n}")), "invoice.paid", "{}");
        d.received_at = now - hour * (7 - n);
        let id = store
            .record_accepted(d, Start::Queued)
            .await
            .expect("record");
        recorded.push(id.id());
    }
    let mut rejected = delivery(None, "invoice.paid", "{}");
    rejected.provider = "github".to_owned();
    store
        .record_rejected(rejected, "bad signature".to_owned())
        .await
        .expect("reject");

    // Keyset pages: each page starts below the last id of the one before, so a row
    // arriving between two page loads neither repeats nor hides a row.
    let page = |before: Option<DeliveryId>| {
        let store = Arc::clone(&store);
        async move {
            let mut filter = DeliveryFilter::new().provider("stripe").limit(3);
            filter.before = before;
            store.list(&filter).await.expect("list")
        }
    };
    let first = page(None).await;
    let late = delivery(Some("evt_late"), "invoice.paid", "{}");
    store
        .record_accepted(late, Start::Queued)
        .await
        .expect("record");
    let second = page(first.last().map(|row| row.id)).await;
    let third = page(second.last().map(|row| row.id)).await;
    let ids: Vec<String> = [first, second, third]
        .concat()
        .into_iter()
        .filter_map(|row| row.delivery_id)
        .collect();
    assert_eq!(
        ids,
        ["evt_6", "evt_5", "evt_4", "evt_3", "evt_2", "evt_1", "evt_0"]
    );

    let lookup = DeliveryFilter::new().delivery_id("evt_3");
    let found = store.list(&lookup).await.expect("lookup");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, recorded[3]);

    assert_eq!(store.count(&DeliveryFilter::new()).await.expect("count"), 9);
    assert_eq!(
        store
            .count(&DeliveryFilter::new().provider("github"))
            .await
            .expect("count"),
        1
    );
    // The rejected request is never replayed, so the dry run leaves it out.
    assert_eq!(
        store
            .count_replayable(&DeliveryFilter::new().event("invoice.*"))
            .await
            .expect("count"),
        8
    );

    let volume = store.volume(now - hour * 24, hour).await.expect("volume");
    let total: u64 = volume.iter().map(|bucket| bucket.deliveries).sum();
    let failures: u64 = volume.iter().map(|bucket| bucket.failures).sum();
    assert_eq!((total, failures), (9, 1));
    assert!(volume.windows(2).all(|pair| pair[0].start <= pair[1].start));
    let github: Vec<_> = volume.iter().filter(|b| b.provider == "github").collect();
    assert_eq!(github.len(), 1);
    assert_eq!(github[0].failures, 1);
    let width = 3_600_000;
    let start = github[0]
        .start
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after the epoch")
        .as_millis();
    assert_eq!(
        start % width,
        0,
        "buckets start on a multiple of their width"
    );
}

pub(crate) async fn prune_deletes_only_old_finished_rows(backend: &impl Backend) {
    let store = backend.open().await;
    let old = SystemTime::now() - Duration::from_secs(10 * 24 * 3600);
    let aged = |id: &str| {
        let mut d = delivery(Some(id), "invoice.paid", "{}");
        d.received_at = old;
        d
    };
    let worker = unique_worker_id("pruner");
    let done_old = store
        .record_accepted(
            aged("done_old"),
            Start::Processing {
                worker: worker.clone(),
                lease: LEASE,
            },
        )
        .await
        .expect("record")
        .id();
    store.complete(done_old, &worker).await.expect("complete");
    let pending_old = store
        .record_accepted(aged("pending_old"), Start::Queued)
        .await
        .expect("record")
        .id();
    let rejected_old = store
        .record_rejected(aged("rejected_old"), "bad signature".into())
        .await
        .expect("record");
    let done_new = store
        .record_accepted(
            delivery(Some("done_new"), "invoice.paid", "{}"),
            Start::Processing {
                worker: worker.clone(),
                lease: LEASE,
            },
        )
        .await
        .expect("record")
        .id();
    store.complete(done_new, &worker).await.expect("complete");

    let pruned = store
        .prune(Duration::from_secs(7 * 24 * 3600))
        .await
        .expect("prune");
    assert_eq!(pruned, 2);
    assert!(store.get(done_old).await.expect("get").is_none());
    assert!(store.get(rejected_old).await.expect("get").is_none());
    assert!(
        store.get(pending_old).await.expect("get").is_some(),
        "pending work is kept"
    );
    assert!(store.get(done_new).await.expect("get").is_some());
    // A pruned delivery arriving again is new (the log forgot it).
    let again = store
        .record_accepted(aged("done_old"), Start::Queued)
        .await
        .expect("record");
    assert!(matches!(again, Recorded::New { .. }));
    assert_ne!(again.id(), done_old, "ids are never reused");
}

pub(crate) async fn release_hands_claims_back(backend: &impl Backend) {
    let store = backend.open().await;
    queue(&*store, 3, "invoice.paid").await;
    let (leaving, staying) = (unique_worker_id("leaving"), unique_worker_id("staying"));
    assert_eq!(
        store.claim(&leaving, 2, LEASE).await.expect("claim").len(),
        2
    );
    assert_eq!(
        store.claim(&staying, 2, LEASE).await.expect("claim").len(),
        1
    );
    assert_eq!(store.release(&leaving).await.expect("release"), 2);
    let queued = store
        .list(&DeliveryFilter::new().status(DeliveryStatus::Queued))
        .await
        .expect("list");
    assert_eq!(queued.len(), 2);
    assert!(queued
        .iter()
        .all(|row| row.attempts == 0 && row.lease_until.is_none()));
    assert_eq!(
        store.claim(&staying, 5, LEASE).await.expect("claim").len(),
        2
    );
}

pub(crate) async fn group_commit_is_durable_across_reopen(backend: &impl Backend) {
    let store = backend.open().await;
    let records = 400;
    let barrier = Arc::new(Barrier::new(records));
    let tasks: Vec<_> = (0..records)
        .map(|n| {
            let store = Arc::clone(&store);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                let d = delivery(Some(&format!("evt_gc_{n}")), "invoice.paid", "{}");
                if n % 10 == 0 {
                    store
                        .record_rejected(d, "bad signature".into())
                        .await
                        .map(drop)
                } else {
                    store.record_accepted(d, Start::Queued).await.map(drop)
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("recorded");
    }
    let stats = store.write_stats();
    eprintln!("group commit: {stats:?}");
    assert_eq!(stats.records, records as u64);
    assert!(
        stats.batches < stats.records / 2,
        "{records} concurrent records should share transactions: {stats:?}"
    );
    store.close().await.expect("close");

    let reopened = backend.open().await;
    let all = reopened.list(&DeliveryFilter::new()).await.expect("list");
    assert_eq!(all.len(), records);
    let rejected = all
        .iter()
        .filter(|r| r.status == DeliveryStatus::Rejected)
        .count();
    assert_eq!(rejected, records / 10);
}

pub(crate) async fn closed_store_refuses_new_records(backend: &impl Backend) {
    let store = backend.open().await;
    store.close().await.expect("close");
    let refused = store
        .record_accepted(
            delivery(Some("evt_late"), "invoice.paid", "{}"),
            Start::Queued,
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Closed)), "{refused:?}");
    let refused = store.claim("w", 1, LEASE).await;
    assert!(matches!(refused, Err(StoreError::Closed)), "{refused:?}");
}
