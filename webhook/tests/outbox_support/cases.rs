//! The cases every backend passes, on real time (the schedule's cases, on a paused
//! clock, are in `outbox_sqlite.rs`).

use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime};

use webhook::outgoing::outbox::{
    AttemptState, EndpointId, EndpointUpdate, NewEndpoint, Outbox, OutboxError, Outcome,
    OutgoingMessage, RetrySchedule, SigningSecret, WorkerOptions,
};

use super::{eventually, Db, Fake};

fn options() -> WorkerOptions {
    WorkerOptions::default().poll_interval(Duration::from_millis(50))
}

fn message(event_type: &str, n: u64) -> OutgoingMessage {
    OutgoingMessage::new(event_type, &serde_json::json!({ "n": n })).expect("serialize")
}

async fn endpoint(outbox: &Outbox, tenant: &str, url: &str, filters: &[&str]) -> EndpointId {
    outbox
        .create_endpoint(
            tenant,
            NewEndpoint::new(url).event_types(filters.iter().copied()),
        )
        .await
        .expect("create an endpoint")
        .id
}

pub(crate) async fn idempotency_key_twice_is_one_message(db: &dyn Db) {
    let outbox = db.outbox();
    endpoint(&outbox, "acme", "http://127.0.0.1:9/a", &["*"]).await;
    let keyed = message("invoice.paid", 1).idempotency_key("invoice-1-paid");
    let first = outbox.send("acme", &keyed).await.expect("send");
    let second = outbox.send("acme", &keyed).await.expect("send again");
    assert!(!first.duplicate && second.duplicate);
    assert_eq!(first.message_id, second.message_id);
    assert_eq!((first.endpoints, second.endpoints), (1, 0));
    // Another tenant's same key is its own message.
    let other = outbox
        .send("globex", &keyed)
        .await
        .expect("send for another tenant");
    assert!(!other.duplicate);
    assert_ne!(other.message_id, first.message_id);
    let messages = outbox.messages("acme", None, 10).await.expect("list");
    assert_eq!(messages.len(), 1);
    let attempts = outbox
        .attempts("acme", &first.message_id)
        .await
        .expect("attempts");
    assert_eq!(attempts.len(), 1);
}

pub(crate) async fn filters_pick_matching_enabled_endpoints(db: &dyn Db) {
    let outbox = db.outbox();
    let exact = endpoint(
        &outbox,
        "acme",
        "http://127.0.0.1:9/exact",
        &["invoice.paid"],
    )
    .await;
    let prefix = endpoint(&outbox, "acme", "http://127.0.0.1:9/prefix", &["invoice.*"]).await;
    let all = endpoint(&outbox, "acme", "http://127.0.0.1:9/all", &["*"]).await;
    let other = endpoint(&outbox, "acme", "http://127.0.0.1:9/other", &["customer.*"]).await;
    let off = endpoint(&outbox, "acme", "http://127.0.0.1:9/off", &["*"]).await;
    endpoint(&outbox, "globex", "http://127.0.0.1:9/globex", &["*"]).await;
    outbox
        .disable_endpoint("acme", off, "paused by its owner")
        .await
        .expect("disable");
    let sent = outbox
        .send("acme", &message("invoice.paid", 1))
        .await
        .expect("send");
    assert_eq!(sent.endpoints, 3);
    let attempts = outbox
        .attempts("acme", &sent.message_id)
        .await
        .expect("attempts");
    let to: HashSet<EndpointId> = attempts.iter().map(|a| a.endpoint_id).collect();
    assert_eq!(to, HashSet::from([exact, prefix, all]));
    assert!(attempts
        .iter()
        .all(|a| a.state == AttemptState::Pending && a.attempt == 1));
    let sent = outbox
        .send("acme", &message("invoice.voided", 2))
        .await
        .expect("send");
    assert_eq!(sent.endpoints, 2);
    let sent = outbox
        .send("acme", &message("customer.created", 3))
        .await
        .expect("send");
    let attempts = outbox
        .attempts("acme", &sent.message_id)
        .await
        .expect("attempts");
    let to: HashSet<EndpointId> = attempts.iter().map(|a| a.endpoint_id).collect();
    assert_eq!(to, HashSet::from([all, other]));
    // Another tenant's listing sees none of it.
    let error = outbox
        .attempts("globex", &sent.message_id)
        .await
        .expect("attempts");
    assert!(error.is_empty());
}

pub(crate) async fn delivery_is_recorded_with_one_message_id(db: &dyn Db) {
    let outbox = db.outbox();
    let a = endpoint(&outbox, "acme", "http://127.0.0.1:9/a", &["*"]).await;
    let b = endpoint(&outbox, "acme", "http://127.0.0.1:9/b", &["*"]).await;
    outbox
        .update_endpoint(
            "acme",
            b,
            EndpointUpdate {
                headers: Some(vec![("x-tenant".to_owned(), "acme".to_owned())]),
                ..EndpointUpdate::default()
            },
        )
        .await
        .expect("update");
    let fake = Fake::delivering();
    let workers = outbox.workers(fake.clone(), options());
    let sent = outbox
        .send("acme", &message("invoice.paid", 7))
        .await
        .expect("send");
    assert!(eventually(Duration::from_secs(10), || fake.calls().len() == 2).await);
    workers.shutdown().await;
    let calls = fake.calls();
    assert!(calls.iter().all(|call| call.message_id == sent.message_id));
    // The Standard Webhooks payload: the type, a timestamp and the data.
    for call in &calls {
        let body: serde_json::Value = serde_json::from_slice(&call.body).unwrap();
        assert_eq!(body["data"], serde_json::json!({ "n": 7 }));
        assert_eq!(body["type"], "invoice.paid");
        assert!(body["timestamp"].is_string());
    }
    let to_b = calls
        .iter()
        .find(|call| call.url.ends_with("/b"))
        .expect("a call to b");
    assert_eq!(to_b.headers, [("x-tenant".to_owned(), "acme".to_owned())]);
    assert_eq!(to_b.secrets.len(), 1);
    let attempts = outbox
        .attempts("acme", &sent.message_id)
        .await
        .expect("attempts");
    assert_eq!(attempts.len(), 2);
    for attempt in &attempts {
        assert!([a, b].contains(&attempt.endpoint_id));
        assert_eq!(attempt.state, AttemptState::Delivered);
        assert_eq!(attempt.status, Some(200));
        assert_eq!(attempt.response_body.as_deref(), Some(&b"ok"[..]));
        assert!(attempt.finished_at.is_some());
    }
}

pub(crate) async fn gone_disables_the_endpoint(db: &dyn Db) {
    let outbox = db.outbox();
    let gone = endpoint(&outbox, "acme", "http://127.0.0.1:9/gone", &["*"]).await;
    let fine = endpoint(&outbox, "acme", "http://127.0.0.1:9/fine", &["*"]).await;
    let fake = Fake::answering(|request| {
        if request.url.ends_with("/gone") {
            (Outcome::Gone, Some(410))
        } else {
            (Outcome::Delivered, Some(204))
        }
    });
    let workers = outbox.workers(fake.clone(), options());
    outbox.send("acme", &message("a.b", 1)).await.expect("send");
    let disabled = eventually(Duration::from_secs(10), || fake.calls().len() >= 2).await;
    assert!(disabled);
    workers.shutdown().await;
    let endpoint = outbox.endpoint("acme", gone).await.expect("endpoint");
    assert!(!endpoint.enabled);
    assert!(
        endpoint
            .disabled_reason
            .as_deref()
            .unwrap_or_default()
            .contains("410"),
        "{:?}",
        endpoint.disabled_reason
    );
    assert!(
        outbox
            .endpoint("acme", fine)
            .await
            .expect("endpoint")
            .enabled
    );
    // A disabled endpoint gets no new messages.
    let sent = outbox.send("acme", &message("a.b", 2)).await.expect("send");
    assert_eq!(sent.endpoints, 1);
}

/// The workers are dropped mid fan-out (as a kill would stop them); new ones on the
/// same database finish it: every endpoint gets the message at least once, every call
/// with the same message id.
pub(crate) async fn a_crash_loses_nothing(db: &dyn Db) {
    let outbox = db.outbox();
    let endpoints = 120;
    for n in 0..endpoints {
        endpoint(&outbox, "acme", &format!("http://127.0.0.1:9/{n}"), &["*"]).await;
    }
    let sent = outbox
        .send("acme", &message("invoice.paid", 1))
        .await
        .expect("send");
    assert_eq!(sent.endpoints, endpoints);
    let fake = Fake::delivering().delay(Duration::from_millis(30));
    let lease = Duration::from_millis(800);
    let crashing = outbox.workers(
        fake.clone(),
        options().lease(lease).concurrency(8).per_tenant(8),
    );
    assert!(eventually(Duration::from_secs(10), || fake.calls().len() >= 20).await);
    drop(crashing);
    let before_restart = fake.calls().len();
    assert!(
        before_restart < endpoints,
        "the crash came too late to test anything"
    );

    let restarted = db.outbox();
    let workers = restarted.workers(fake.clone(), options().lease(lease).concurrency(16));
    let all_reached =
        eventually(Duration::from_secs(30), || fake.counts().len() == endpoints).await;
    assert!(
        all_reached,
        "reached {} of {endpoints}",
        fake.counts().len()
    );
    // And every attempt is recorded as delivered (none left claimed or pending).
    let mut delivered = 0;
    for _ in 0..100 {
        let attempts = restarted
            .attempts("acme", &sent.message_id)
            .await
            .expect("attempts");
        delivered = attempts
            .iter()
            .filter(|attempt| attempt.state == AttemptState::Delivered)
            .map(|attempt| attempt.endpoint_id)
            .collect::<HashSet<_>>()
            .len();
        if delivered == endpoints {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    workers.shutdown().await;
    assert_eq!(delivered, endpoints);
    assert!(fake
        .calls()
        .iter()
        .all(|call| call.message_id == sent.message_id));
}

/// Tenant A's endpoints never answer; tenant B's message still goes out at once.
pub(crate) async fn one_tenants_slow_endpoints_never_delay_another(db: &dyn Db) {
    let outbox = db.outbox();
    for n in 0..10 {
        endpoint(
            &outbox,
            "slow-tenant",
            &format!("http://127.0.0.1:9/slow/{n}"),
            &["*"],
        )
        .await;
    }
    endpoint(&outbox, "quick-tenant", "http://127.0.0.1:9/quick", &["*"]).await;
    for n in 0..20 {
        outbox
            .send("slow-tenant", &message("a.b", n))
            .await
            .expect("send");
    }
    let fake = Fake::delivering().hang_on("/slow/");
    let workers = outbox.workers(
        fake.clone(),
        options().concurrency(12).per_tenant(8).per_endpoint(2),
    );
    // The slow tenant fills what it may.
    assert!(eventually(Duration::from_secs(10), || fake.calls().len() >= 8).await);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(fake.calls().len(), 8, "the per-tenant cap holds");
    let sent_at = tokio::time::Instant::now();
    outbox
        .send("quick-tenant", &message("a.b", 99))
        .await
        .expect("send");
    let quick = eventually(Duration::from_secs(5), || {
        fake.calls().iter().any(|call| call.url.ends_with("/quick"))
    })
    .await;
    assert!(
        quick,
        "the quick tenant's message waited behind the slow tenant's"
    );
    let call = fake
        .calls()
        .into_iter()
        .find(|call| call.url.ends_with("/quick"));
    let waited = call.map(|call| call.at - sent_at).unwrap_or_default();
    assert!(waited < Duration::from_secs(2), "waited {waited:?}");
    drop(workers);
}

/// Twenty tenants with a backlog each, and room for four attempts at a time: the
/// workers go round the tenants instead of draining the first.
pub(crate) async fn tenants_are_served_in_turn(db: &dyn Db) {
    let outbox = db.outbox();
    for tenant in 0..20 {
        let tenant = format!("t{tenant:02}");
        endpoint(
            &outbox,
            &tenant,
            &format!("http://127.0.0.1:9/{tenant}"),
            &["*"],
        )
        .await;
        for n in 0..5 {
            outbox
                .send(&tenant, &message("a.b", n))
                .await
                .expect("send");
        }
    }
    let fake = Fake::delivering().delay(Duration::from_millis(20));
    let workers = outbox.workers(fake.clone(), options().concurrency(4));
    assert!(eventually(Duration::from_secs(20), || fake.calls().len() >= 24).await);
    drop(workers);
    let first: HashSet<String> = fake.calls()[..20]
        .iter()
        .map(|call| call.url.clone())
        .collect();
    assert!(
        first.len() >= 18,
        "the first 20 attempts went to {} tenants",
        first.len()
    );
}

/// An endpoint's rate limit spaces its attempts: a burst of its limit, then that many a
/// second.
pub(crate) async fn rate_limits_space_attempts(db: &dyn Db) {
    let outbox = db.outbox();
    outbox
        .create_endpoint(
            "acme",
            NewEndpoint::new("http://127.0.0.1:9/limited").rate_limit(5),
        )
        .await
        .expect("endpoint");
    for n in 0..15 {
        outbox.send("acme", &message("a.b", n)).await.expect("send");
    }
    let fake = Fake::delivering();
    let workers = outbox.workers(fake.clone(), options().per_endpoint(15).per_tenant(15));
    assert!(eventually(Duration::from_secs(20), || fake.calls().len() == 15).await);
    workers.shutdown().await;
    let calls = fake.calls();
    let span = calls[14].at - calls[0].at;
    // Ten attempts beyond the burst of five, at five a second.
    assert!(
        span >= Duration::from_millis(1800),
        "15 attempts in {span:?}"
    );
}

/// Two worker sets on one database: every attempt is made once.
pub(crate) async fn two_worker_sets_make_each_attempt_once(db: &dyn Db) {
    let outbox = db.outbox();
    let endpoints = 150;
    for n in 0..endpoints {
        endpoint(&outbox, "acme", &format!("http://127.0.0.1:9/{n}"), &["*"]).await;
    }
    let fake = Fake::delivering().delay(Duration::from_millis(5));
    let one = db.outbox().workers(fake.clone(), options().concurrency(16));
    let two = db.outbox().workers(fake.clone(), options().concurrency(16));
    for n in 0..3 {
        outbox.send("acme", &message("a.b", n)).await.expect("send");
    }
    let all = eventually(Duration::from_secs(30), || {
        fake.calls().len() >= 3 * endpoints
    })
    .await;
    assert!(all, "made {} of {}", fake.calls().len(), 3 * endpoints);
    tokio::time::sleep(Duration::from_millis(300)).await;
    one.shutdown().await;
    two.shutdown().await;
    let mut per_pair: HashMap<(String, String), usize> = HashMap::new();
    for call in fake.calls() {
        *per_pair.entry((call.url, call.message_id)).or_insert(0) += 1;
    }
    assert_eq!(per_pair.len(), 3 * endpoints);
    let twice: Vec<_> = per_pair.iter().filter(|(_, &n)| n > 1).collect();
    assert!(twice.is_empty(), "made twice: {twice:?}");
}

/// The last attempt leaves a dead letter; resend and recover send it again, with the
/// same message id.
pub(crate) async fn dead_letters_are_resent_and_recovered(db: &dyn Db) {
    let outbox = db.outbox();
    let down = endpoint(&outbox, "acme", "http://127.0.0.1:9/down", &["*"]).await;
    let up = Flag::new();
    let fake = {
        let up = up.clone();
        Fake::answering(move |_| {
            if up.get() {
                (Outcome::Delivered, Some(200))
            } else {
                (Outcome::Failed { retry_after: None }, Some(503))
            }
        })
    };
    let quick = RetrySchedule::new([Duration::from_millis(50)]).jitter(0.0);
    let workers = outbox.workers(fake.clone(), options().retry_schedule(quick));
    let since = SystemTime::now() - Duration::from_secs(60);
    let first = outbox.send("acme", &message("a.b", 1)).await.expect("send");
    let second = outbox.send("acme", &message("a.b", 2)).await.expect("send");
    assert!(eventually(Duration::from_secs(10), || fake.calls().len() == 4).await);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let attempts = outbox
        .attempts("acme", &first.message_id)
        .await
        .expect("attempts");
    let states: Vec<_> = attempts.iter().map(|a| (a.attempt, a.state)).collect();
    assert_eq!(states, [(1, AttemptState::Failed), (2, AttemptState::Dead)]);
    assert_eq!(attempts[0].status, Some(503));

    up.set(true);
    assert_eq!(
        outbox
            .resend("acme", &first.message_id, Some(down))
            .await
            .expect("resend"),
        1
    );
    assert!(eventually(Duration::from_secs(10), || fake.calls().len() == 5).await);
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The resent one is delivered, so only the second is recovered.
    assert_eq!(
        outbox.recover("acme", down, since).await.expect("recover"),
        1
    );
    assert!(eventually(Duration::from_secs(10), || fake.calls().len() == 6).await);
    tokio::time::sleep(Duration::from_millis(200)).await;
    workers.shutdown().await;
    let calls = fake.calls();
    assert_eq!(calls[4].message_id, first.message_id);
    assert_eq!(calls[5].message_id, second.message_id);
    let attempts = outbox
        .attempts("acme", &second.message_id)
        .await
        .expect("attempts");
    assert_eq!(
        attempts.last().map(|a| (a.attempt, a.state)),
        Some((3, AttemptState::Delivered))
    );
    let unknown = outbox.resend("acme", "msg_nope", None).await;
    assert!(
        matches!(unknown, Err(OutboxError::UnknownMessage { .. })),
        "{unknown:?}"
    );
    let foreign = outbox.resend("globex", &first.message_id, None).await;
    assert!(
        matches!(foreign, Err(OutboxError::UnknownMessage { .. })),
        "{foreign:?}"
    );
}

/// Endpoints are listed, updated and disabled per tenant; a rotated-out secret still
/// signs during its grace period, then is dropped; bad input is refused with a reason.
pub(crate) async fn endpoints_are_managed_per_tenant(db: &dyn Db) {
    let outbox = db.outbox().url_check(|url: &str| {
        if url.contains("169.254.") {
            Err("link-local addresses are refused".to_owned())
        } else {
            Ok(())
        }
    });
    let refused = outbox
        .create_endpoint("acme", NewEndpoint::new("http://169.254.169.254/latest"))
        .await;
    let reason = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(reason.contains("link-local"), "{reason}");
    for (bad, why) in [
        (NewEndpoint::new("ftp://example.com/"), "http"),
        (
            NewEndpoint::new("http://127.0.0.1:9/").event_types(["in*voice"]),
            "filter",
        ),
        (
            NewEndpoint::new("http://127.0.0.1:9/").header("webhook-id", "x"),
            "set by the sender",
        ),
        (
            NewEndpoint::new("http://127.0.0.1:9/").rate_limit(0),
            "rate limit",
        ),
    ] {
        let error = outbox.create_endpoint("acme", bad).await.err();
        let error = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains(why), "{error}");
    }
    let secret = SigningSecret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    let created = outbox
        .create_endpoint(
            "acme",
            NewEndpoint::new("http://127.0.0.1:9/a")
                .description("billing")
                .secret(secret.clone())
                .rate_limit(50),
        )
        .await
        .expect("create");
    assert_eq!(created.secrets.len(), 1);
    assert_eq!(created.secrets[0].secret, secret);
    assert!(
        !format!("{created:?}").contains("MfKQ9r8"),
        "a secret in Debug"
    );
    endpoint(&outbox, "globex", "http://127.0.0.1:9/g", &["*"]).await;
    assert_eq!(outbox.endpoints("acme").await.expect("list").len(), 1);
    let foreign = outbox.endpoint("globex", created.id).await;
    assert!(
        matches!(foreign, Err(OutboxError::UnknownEndpoint { .. })),
        "{foreign:?}"
    );

    let updated = outbox
        .update_endpoint(
            "acme",
            created.id,
            EndpointUpdate {
                url: Some("http://127.0.0.1:9/b".to_owned()),
                event_types: Some(vec!["invoice.*".to_owned()]),
                enabled: Some(false),
                ..EndpointUpdate::default()
            },
        )
        .await
        .expect("update");
    assert_eq!(updated.url, "http://127.0.0.1:9/b");
    assert_eq!(updated.event_types[0].as_str(), "invoice.*");
    assert!(!updated.enabled && updated.disabled_reason.is_some());
    assert_eq!(updated.description, "billing");
    let enabled = outbox
        .update_endpoint(
            "acme",
            created.id,
            EndpointUpdate {
                enabled: Some(true),
                ..EndpointUpdate::default()
            },
        )
        .await
        .expect("enable");
    assert!(enabled.enabled && enabled.disabled_reason.is_none());

    let grace = Duration::from_millis(600);
    let new = outbox
        .rotate_secret("acme", created.id, None, grace)
        .await
        .expect("rotate");
    let fake = Fake::delivering();
    let workers = outbox.workers(fake.clone(), options());
    outbox
        .send("acme", &message("invoice.paid", 1))
        .await
        .expect("send");
    assert!(eventually(Duration::from_secs(10), || fake.calls().len() == 1).await);
    assert_eq!(
        fake.calls()[0].secrets,
        [new.expose().to_owned(), secret.expose().to_owned()],
        "both secrets sign during the grace period, the new one first"
    );
    tokio::time::sleep(grace).await;
    outbox
        .send("acme", &message("invoice.paid", 2))
        .await
        .expect("send");
    assert!(eventually(Duration::from_secs(10), || fake.calls().len() == 2).await);
    workers.shutdown().await;
    assert_eq!(fake.calls()[1].secrets, [new.expose().to_owned()]);
    let listed = outbox.endpoint("acme", created.id).await.expect("endpoint");
    assert_eq!(listed.secrets.len(), 1);
    let messages = outbox.messages("acme", None, 1).await.expect("messages");
    assert_eq!(messages.len(), 1);
    let older = outbox
        .messages("acme", Some(&messages[0].message_id), 10)
        .await
        .expect("older messages");
    assert_eq!(older.len(), 1);
    assert_ne!(older[0].message_id, messages[0].message_id);
}

/// A flag shared with a fake's answer.
#[derive(Clone)]
struct Flag(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Flag {
    fn new() -> Flag {
        Flag(std::sync::Arc::default())
    }
    fn get(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    fn set(&self, value: bool) {
        self.0.store(value, std::sync::atomic::Ordering::SeqCst);
    }
}

/// One `#[tokio::test]` per case, each on a fresh database from `$db` (an async fn
/// returning `Option<impl Db>`; `None` skips).
macro_rules! outbox_suite {
    ($db:path: $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                if let Some(db) = $db().await {
                    outbox_support::cases::$case(&db).await;
                }
            }
        )*
    };
}
pub(crate) use outbox_suite;
