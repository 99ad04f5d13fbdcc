//! What the outbox tests share: a fake [`Transport`] that records every call, and the
//! cases every backend passes (each takes a `Db`, which makes outboxes on one database).
#![allow(dead_code)] // each test binary uses its own part

pub(crate) mod cases;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use tokio::time::Instant;
use webhook::outgoing::outbox::{Attempt, AttemptRequest, Outbox, Outcome, Transport};

/// Makes outboxes on one test database: each call another "instance" (its own pool).
pub(crate) trait Db: Send + Sync {
    fn outbox(&self) -> Outbox;
}

/// One call the fake transport received.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) url: String,
    pub(crate) message_id: String,
    pub(crate) secrets: Vec<String>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
    pub(crate) at: Instant,
}

/// What the fake answers for a request: an outcome and a status.
pub(crate) type Answer = Arc<dyn Fn(&AttemptRequest) -> (Outcome, Option<u16>) + Send + Sync>;

/// A transport that records every call and answers what `answer` says, after `delay`
/// (`hang`: URLs containing this never answer).
#[derive(Clone)]
pub(crate) struct Fake {
    pub(crate) calls: Arc<Mutex<Vec<Call>>>,
    /// Bumped on every call, for `until`.
    seen: Arc<tokio::sync::watch::Sender<usize>>,
    answer: Answer,
    delay: Duration,
    hang: Option<String>,
}

impl Fake {
    /// Every call delivered (200).
    pub(crate) fn delivering() -> Fake {
        Fake::answering(|_| (Outcome::Delivered, Some(200)))
    }

    pub(crate) fn answering(
        answer: impl Fn(&AttemptRequest) -> (Outcome, Option<u16>) + Send + Sync + 'static,
    ) -> Fake {
        Fake {
            calls: Arc::default(),
            seen: Arc::new(tokio::sync::watch::channel(0).0),
            answer: Arc::new(answer),
            delay: Duration::ZERO,
            hang: None,
        }
    }

    pub(crate) fn delay(mut self, delay: Duration) -> Fake {
        self.delay = delay;
        self
    }

    pub(crate) fn hang_on(mut self, url_part: &str) -> Fake {
        self.hang = Some(url_part.to_owned());
        self
    }

    pub(crate) fn calls(&self) -> Vec<Call> {
        self.calls
            .lock()
            .map(|calls| calls.clone())
            .unwrap_or_default()
    }

    /// Waits until the calls so far satisfy `done`, arming no timer (on a paused clock, a
    /// test's own timer would let the clock jump while the workers wait on the database).
    pub(crate) async fn until(&self, done: impl Fn(&[Call]) -> bool) {
        let mut seen = self.seen.subscribe();
        let _ = seen.wait_for(|_| done(&self.calls())).await;
    }

    /// Calls per URL.
    pub(crate) fn counts(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for call in self.calls() {
            *counts.entry(call.url).or_insert(0) += 1;
        }
        counts
    }
}

impl Transport for Fake {
    fn attempt(&self, request: AttemptRequest) -> impl Future<Output = Attempt> + Send {
        let this = self.clone();
        async move {
            if let Ok(mut calls) = this.calls.lock() {
                calls.push(Call {
                    url: request.url.clone(),
                    message_id: request.message_id.clone(),
                    secrets: request.secrets.clone(),
                    headers: request.headers.clone(),
                    body: request.body.clone(),
                    at: Instant::now(),
                });
            }
            this.seen.send_modify(|n| *n += 1);
            if this
                .hang
                .as_deref()
                .is_some_and(|part| request.url.contains(part))
            {
                std::future::pending::<()>().await;
            }
            if !this.delay.is_zero() {
                tokio::time::sleep(this.delay).await;
            }
            let (outcome, status) = (this.answer)(&request);
            Attempt {
                outcome,
                status,
                duration: this.delay,
                response_body: Bytes::from_static(b"ok"),
                error: None,
            }
        }
    }
}

/// Waits (real time, up to `limit`) until `done` holds.
pub(crate) async fn eventually(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    done()
}

/// The `data` of a Standard Webhooks body the outbox sent.
#[allow(dead_code)] // not every test binary reads bodies
pub(crate) fn data_of(body: &[u8]) -> serde_json::Value {
    let body: serde_json::Value = serde_json::from_slice(body).expect("a JSON body");
    body["data"].clone()
}
