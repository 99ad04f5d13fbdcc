//! The outbox on SQLite: the shared cases, `send_in` inside the application's own
//! transaction, and the retry schedule on tokio's paused clock.
#![cfg(all(feature = "outbox", feature = "sqlite"))]

mod outbox_support;
#[allow(dead_code)]
#[path = "support/temp.rs"]
mod temp;

use std::path::PathBuf;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;
use webhook::outgoing::outbox::{
    AttemptState, NewEndpoint, Outbox, Outcome, OutgoingMessage, RetrySchedule, WorkerOptions,
};
use webhook::store::{SqliteStore, Store as _};

use outbox_support::{Db, Fake};
use temp::TempDir;

struct Sqlite {
    path: PathBuf,
    _dir: TempDir,
}

/// A fresh database file, migrated by opening the store on it.
async fn sqlite() -> Option<Sqlite> {
    let dir = TempDir::new("outbox");
    let path = dir.path().join("app.db");
    SqliteStore::open(&path)
        .await
        .expect("open the store")
        .close()
        .await
        .expect("close the store");
    Some(Sqlite { path, _dir: dir })
}

impl Sqlite {
    /// A pool on the file that arms no timers of its own (no reaper, no ping), so a
    /// paused clock moves only with the workers' sleeps.
    fn pool(&self) -> SqlitePool {
        let connect = SqliteConnectOptions::new()
            .filename(&self.path)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(10));
        SqlitePoolOptions::new()
            .max_connections(8)
            .idle_timeout(None)
            .max_lifetime(None)
            .test_before_acquire(false)
            .connect_lazy_with(connect)
    }
}

impl Db for Sqlite {
    fn outbox(&self) -> Outbox {
        Outbox::sqlite(self.pool())
    }
}

outbox_support::cases::outbox_suite!(sqlite:
    idempotency_key_twice_is_one_message,
    filters_pick_matching_enabled_endpoints,
    delivery_is_recorded_with_one_message_id,
    gone_disables_the_endpoint,
    a_crash_loses_nothing,
    one_tenants_slow_endpoints_never_delay_another,
    tenants_are_served_in_turn,
    rate_limits_space_attempts,
    two_worker_sets_make_each_attempt_once,
    dead_letters_are_resent_and_recovered,
    endpoints_are_managed_per_tenant,
);

#[tokio::test]
async fn a_rolled_back_write_sends_nothing_and_a_committed_one_sends() {
    let db = sqlite().await.expect("database");
    let pool = db.pool();
    let outbox = Outbox::sqlite(pool.clone());
    sqlx::query("CREATE TABLE orders (id TEXT PRIMARY KEY)")
        .execute(&pool)
        .await
        .expect("the application's table");
    outbox
        .create_endpoint("acme", NewEndpoint::new("http://127.0.0.1:9/orders"))
        .await
        .expect("endpoint");
    let created =
        |id: &str| OutgoingMessage::new("order.created", &serde_json::json!({ "id": id }));

    let mut tx = pool.begin().await.expect("begin");
    sqlx::query("INSERT INTO orders (id) VALUES ('o_1')")
        .execute(&mut *tx)
        .await
        .expect("insert");
    let rolled_back = outbox
        .send_in(&mut *tx, "acme", &created("o_1").expect("json"))
        .await
        .expect("send_in");
    assert_eq!(rolled_back.endpoints, 1);
    tx.rollback().await.expect("rollback");

    let mut tx = pool.begin().await.expect("begin");
    sqlx::query("INSERT INTO orders (id) VALUES ('o_2')")
        .execute(&mut *tx)
        .await
        .expect("insert");
    let committed = outbox
        .send_in(&mut *tx, "acme", &created("o_2").expect("json"))
        .await
        .expect("send_in");
    tx.commit().await.expect("commit");

    let messages = outbox.messages("acme", None, 10).await.expect("messages");
    let ids: Vec<&str> = messages.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids, [committed.message_id.as_str()]);
    assert!(outbox
        .message("acme", &rolled_back.message_id)
        .await
        .is_err());

    let fake = Fake::delivering();
    let workers = outbox.workers(fake.clone(), WorkerOptions::default());
    assert!(outbox_support::eventually(Duration::from_secs(10), || fake.calls().len() == 1).await);
    tokio::time::sleep(Duration::from_millis(200)).await;
    workers.shutdown().await;
    let calls = fake.calls();
    assert_eq!(calls.len(), 1, "only the committed message is delivered");
    assert_eq!(calls[0].message_id, committed.message_id);
    assert_eq!(
        outbox_support::data_of(&calls[0].body),
        serde_json::json!({ "id": "o_2" })
    );
}

/// A database, an outbox whose pool has all its connections open, and tokio's clock
/// paused: from here on the clock moves only when every task waits on a timer.
async fn paused() -> (Sqlite, Outbox) {
    let db = sqlite().await.expect("database");
    let pool = db.pool();
    let mut warm = Vec::new();
    for _ in 0..8 {
        warm.push(pool.acquire().await.expect("connect"));
    }
    drop(warm);
    // Returned connections are pinged before they are idle again.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let outbox = Outbox::sqlite(pool);
    tokio::time::pause();
    (db, outbox)
}

fn failing() -> Fake {
    Fake::answering(|_| (Outcome::Failed { retry_after: None }, Some(500)))
}

/// An endpoint that always fails is tried on the Standard Webhooks schedule, measured
/// on tokio's paused clock; after the last attempt the message is a dead letter.
#[tokio::test]
async fn retries_follow_the_standard_webhooks_schedule() {
    let (_db, outbox) = paused().await;
    let id = outbox
        .create_endpoint("acme", NewEndpoint::new("http://127.0.0.1:9/down"))
        .await
        .expect("endpoint")
        .id;
    let fake = failing();
    let options = WorkerOptions::default()
        .retry_schedule(RetrySchedule::default().jitter(0.0))
        .disable_after(None)
        .poll_interval(Duration::from_secs(7 * 24 * 3600));
    // Sent before the workers start: a test's database work while the workers sleep
    // would let the paused clock jump to their wake-up time.
    let sent_at = tokio::time::Instant::now();
    let sent = outbox
        .send("acme", &OutgoingMessage::new("a.b", &1).expect("json"))
        .await
        .expect("send");
    let workers = outbox.workers(fake.clone(), options);
    fake.until(|calls| calls.len() == 10).await;
    workers.shutdown().await;
    let calls = fake.calls();
    let offsets: Vec<u64> = calls
        .iter()
        .map(|call| (call.at - sent_at).as_secs())
        .collect();
    let expected: Vec<u64> = [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]
        .iter()
        .scan(0, |at, delay| {
            *at += delay;
            Some(*at)
        })
        .collect();
    assert_eq!(offsets, expected);
    assert!(calls.iter().all(|call| call.message_id == sent.message_id));
    let attempts = outbox
        .attempts("acme", &sent.message_id)
        .await
        .expect("attempts");
    // Nothing follows the tenth: it is a dead letter.
    assert_eq!(attempts.len(), 10);
    assert!(attempts[..9]
        .iter()
        .all(|a| a.state == AttemptState::Failed));
    assert_eq!(attempts[9].state, AttemptState::Dead);
    assert_eq!(attempts[9].status, Some(500));
    assert!(outbox.endpoint("acme", id).await.expect("endpoint").enabled);
}

/// With jitter, each delay stays within its fraction; `Retry-After` replaces the
/// schedule's delay, clamped to an hour.
#[tokio::test]
async fn jitter_and_retry_after_shape_the_delays() {
    let (_db, outbox) = paused().await;
    let ten_seconds = |n| RetrySchedule::new(vec![Duration::from_secs(10); n]);
    for (url, schedule) in [
        ("http://127.0.0.1:9/busy", None),
        ("http://127.0.0.1:9/throttled", Some(ten_seconds(3))),
        ("http://127.0.0.1:9/year", Some(ten_seconds(1))),
    ] {
        let mut endpoint = NewEndpoint::new(url);
        if let Some(schedule) = schedule {
            endpoint = endpoint.retry_schedule(schedule);
        }
        outbox
            .create_endpoint("acme", endpoint)
            .await
            .expect("endpoint");
    }
    let fake = Fake::answering(|request| {
        let asked = if request.url.ends_with("/throttled") {
            Some(Duration::from_secs(120))
        } else if request.url.ends_with("/year") {
            Some(Duration::from_secs(365 * 24 * 3600))
        } else {
            None
        };
        (Outcome::Failed { retry_after: asked }, Some(429))
    });
    let options = WorkerOptions::default()
        .retry_schedule(RetrySchedule::new([Duration::from_secs(100); 4]).jitter(0.2))
        .poll_interval(Duration::from_secs(7 * 24 * 3600));
    outbox
        .send("acme", &OutgoingMessage::new("a.b", &1).expect("json"))
        .await
        .expect("send");
    let workers = outbox.workers(fake.clone(), options);
    fake.until(|calls| calls.len() == 5 + 4 + 2).await;
    workers.shutdown().await;
    let gaps = |suffix: &str| -> Vec<u64> {
        let calls: Vec<_> = fake
            .calls()
            .into_iter()
            .filter(|call| call.url.ends_with(suffix))
            .collect();
        calls
            .windows(2)
            // Timers fire on whole milliseconds: a due time can be one late.
            .map(|pair| (pair[1].at - pair[0].at).as_millis() as u64)
            .collect()
    };
    let busy = gaps("/busy");
    assert_eq!(busy.len(), 4);
    assert!(
        busy.iter().all(|&gap| (80_000..=120_001).contains(&gap)),
        "{busy:?}"
    );
    assert!(
        busy.iter().any(|&gap| gap != 100_000),
        "no jitter: {busy:?}"
    );
    let seconds =
        |gaps: Vec<u64>| -> Vec<u64> { gaps.iter().map(|ms| (ms + 500) / 1000).collect() };
    assert_eq!(seconds(gaps("/throttled")), [120; 3]);
    assert_eq!(seconds(gaps("/year")), [3600]);
}

/// An endpoint failing continuously for the configured window is disabled with the
/// reason, its messages kept; a success in between resets the clock.
#[tokio::test]
async fn endpoints_failing_for_the_window_are_disabled() {
    let (_db, outbox) = paused().await;
    let down = outbox
        .create_endpoint(
            "acme",
            NewEndpoint::new("http://127.0.0.1:9/down").event_types(["down.*"]),
        )
        .await
        .expect("endpoint")
        .id;
    let flaky = outbox
        .create_endpoint(
            "acme",
            NewEndpoint::new("http://127.0.0.1:9/flaky").event_types(["flaky.*"]),
        )
        .await
        .expect("endpoint")
        .id;
    let send = |event_type: &'static str| {
        let outbox = outbox.clone();
        async move {
            outbox
                .send("acme", &OutgoingMessage::new(event_type, &0).expect("json"))
                .await
                .expect("send")
        }
    };
    let down_message = send("down.x").await;
    let recovering = send("flaky.recovering").await;
    send("flaky.failing").await;
    let attempts = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
    let recovering_id = recovering.message_id.clone();
    let fake = Fake::answering(move |request| {
        let mut attempts = attempts.lock().expect("lock");
        let n = attempts.entry(request.message_id.clone()).or_insert(0);
        *n += 1;
        // One message to the flaky endpoint goes through on its fourth attempt (30 min).
        if request.message_id == recovering_id && *n == 4 {
            (Outcome::Delivered, Some(200))
        } else {
            (Outcome::Failed { retry_after: None }, Some(500))
        }
    });
    let options = WorkerOptions::default()
        .retry_schedule(RetrySchedule::new([Duration::from_secs(600); 50]).jitter(0.0))
        .disable_after(Some(Duration::from_secs(3600)))
        .poll_interval(Duration::from_secs(7 * 24 * 3600));
    let workers = outbox.workers(fake.clone(), options);
    // The failing message's eighth attempt to the flaky endpoint: 70 minutes in.
    fake.until(|calls| {
        calls
            .iter()
            .filter(|call| call.url.ends_with("/flaky"))
            .count()
            >= 4 + 8
    })
    .await;
    workers.shutdown().await;
    let down = outbox.endpoint("acme", down).await.expect("endpoint");
    assert!(!down.enabled);
    let reason = down.disabled_reason.unwrap_or_default();
    assert!(
        reason.contains("failing continuously for 1 hours"),
        "{reason}"
    );
    // Attempts at 0, 10, …, 60 minutes: the one at 60 disabled it, none came after.
    let down_calls = fake
        .calls()
        .iter()
        .filter(|c| c.url.ends_with("/down"))
        .count();
    assert_eq!(down_calls, 7);
    // The flaky endpoint's success at 30 minutes reset its clock: still enabled at 70.
    let flaky = outbox.endpoint("acme", flaky).await.expect("endpoint");
    assert!(flaky.enabled, "{:?}", flaky.disabled_reason);
    assert!(flaky.failing_since.is_some());
    // The disabled endpoint's message is kept, its next attempt waiting.
    let attempts = outbox
        .attempts("acme", &down_message.message_id)
        .await
        .expect("attempts");
    assert_eq!(attempts.len(), 8);
    assert_eq!(attempts[7].state, AttemptState::Pending);
}
