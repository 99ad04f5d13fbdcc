//! [`OutboxWorkers`]: claim due attempts, make them through the [`Transport`], record
//! what came of each and schedule what follows.
//!
//! One loop per worker set: it claims tenant by tenant, each tenant a share of the free
//! capacity (round robin over the tenants with due attempts), skipping endpoints and tenants at their
//! in-flight caps, and spawns one task per attempt. The tasks only call the transport;
//! the loop itself writes their results, one transaction each, so no attempt's result
//! is written while the loop sleeps (which keeps a paused test clock exact).

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota};
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::error::OutboxError;
use super::model::{duration_ms, AttemptState};
use super::schedule::{honour_retry_after, jitter_unit, RetrySchedule};
use super::store::{Claim, Finish, Job};
use super::transport::{Attempt, AttemptRequest, Outcome, Transport};
use super::Outbox;

/// How the workers run. The defaults suit most senders.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WorkerOptions {
    /// Attempts in flight at once, overall (default 64).
    pub concurrency: usize,
    /// Attempts in flight at once to one endpoint (default 4).
    pub per_endpoint: usize,
    /// Attempts in flight at once for one tenant (default 16), so one tenant's slow
    /// endpoints cannot take every slot.
    pub per_tenant: usize,
    /// How long a claim holds before another worker may take the attempt again (default
    /// 60 s); keep it above the transport's total timeout.
    pub lease: Duration,
    /// How often to look for attempts queued by other processes (default 1 s); this
    /// process's own sends wake the workers at once.
    pub poll_interval: Duration,
    /// The retry schedule of endpoints without their own (default: Standard Webhooks').
    pub retry_schedule: RetrySchedule,
    /// An endpoint failing continuously this long is disabled (default 5 days; `None`:
    /// never).
    pub disable_after: Option<Duration>,
    /// A `Retry-After` is honoured within these bounds (default 1 s to 1 h).
    pub retry_after_bounds: (Duration, Duration),
    /// The most of an answer's body stored with an attempt (default 20 KiB).
    pub response_body_limit: usize,
    /// This worker set's name in claims (default: unique per process and set).
    pub worker_id: String,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            concurrency: 64,
            per_endpoint: 4,
            per_tenant: 16,
            lease: Duration::from_secs(60),
            poll_interval: Duration::from_secs(1),
            retry_schedule: RetrySchedule::default(),
            disable_after: Some(Duration::from_secs(5 * 24 * 3600)),
            retry_after_bounds: (Duration::from_secs(1), Duration::from_secs(3600)),
            response_body_limit: 20 * 1024,
            worker_id: crate::store::unique_worker_id("outbox"),
        }
    }
}

impl WorkerOptions {
    /// Sets [`concurrency`](Self::concurrency).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
    /// Sets [`per_endpoint`](Self::per_endpoint).
    pub fn per_endpoint(mut self, n: usize) -> Self {
        self.per_endpoint = n.max(1);
        self
    }
    /// Sets [`per_tenant`](Self::per_tenant).
    pub fn per_tenant(mut self, n: usize) -> Self {
        self.per_tenant = n.max(1);
        self
    }
    /// Sets [`lease`](Self::lease).
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }
    /// Sets [`poll_interval`](Self::poll_interval).
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }
    /// Sets [`retry_schedule`](Self::retry_schedule).
    pub fn retry_schedule(mut self, schedule: RetrySchedule) -> Self {
        self.retry_schedule = schedule;
        self
    }
    /// Sets [`disable_after`](Self::disable_after).
    pub fn disable_after(mut self, after: Option<Duration>) -> Self {
        self.disable_after = after;
        self
    }
}

/// Running workers. [`shutdown`](Self::shutdown) stops them after the attempts in
/// flight; dropping them stops them at once (what was claimed is taken again after its
/// lease, as after a crash).
#[derive(Debug)]
pub struct OutboxWorkers {
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Outbox {
    /// Starts workers delivering this outbox's messages through `transport`.
    pub fn workers<T: Transport>(&self, transport: T, options: WorkerOptions) -> OutboxWorkers {
        let (stop, stopped) = watch::channel(false);
        let run = Run {
            outbox: self.clone(),
            transport: Arc::new(transport),
            options,
            tasks: JoinSet::new(),
            per_endpoint: HashMap::new(),
            per_tenant: HashMap::new(),
            limiters: HashMap::new(),
            cursor: String::new(),
        };
        OutboxWorkers {
            stop,
            task: Some(tokio::spawn(run.run(stopped))),
        }
    }
}

impl OutboxWorkers {
    /// Stops claiming, waits for the attempts in flight and records them.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for OutboxWorkers {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// What an attempt's task hands back.
struct Done {
    job: Job,
    attempt: Attempt,
}

struct Run<T> {
    outbox: Outbox,
    transport: Arc<T>,
    options: WorkerOptions,
    tasks: JoinSet<Done>,
    per_endpoint: HashMap<i64, usize>,
    per_tenant: HashMap<String, usize>,
    limiters: HashMap<i64, (u32, Arc<DefaultDirectRateLimiter>)>,
    /// The last tenant a claim round reached: the next starts after it.
    cursor: String,
}

impl<T: Transport> Run<T> {
    async fn run(mut self, mut stopped: watch::Receiver<bool>) {
        loop {
            while let Some(done) = self.tasks.try_join_next() {
                self.finished(done).await;
            }
            if *stopped.borrow() {
                break;
            }
            let claimed = match self.claim_round().await {
                Ok(claimed) => claimed,
                Err(error) => {
                    tracing::warn!(%error, "outbox workers could not claim attempts");
                    0
                }
            };
            if claimed > 0 {
                continue;
            }
            let wake_at = self.wake_at().await;
            tokio::select! {
                Some(done) = self.tasks.join_next(), if !self.tasks.is_empty() => {
                    self.finished(done).await;
                }
                () = tokio::time::sleep_until(wake_at) => {}
                () = self.outbox.wake.notified() => {}
                _ = stopped.changed() => {}
            }
        }
        while let Some(done) = self.tasks.join_next().await {
            self.finished(done).await;
        }
    }

    /// When to look again: the next due time, or the poll interval, whichever is first.
    async fn wake_at(&self) -> tokio::time::Instant {
        let poll = tokio::time::Instant::now() + self.options.poll_interval;
        let outbox = &self.outbox;
        let sql = &*outbox.sql;
        let next = with_conn!(&outbox.db, |conn, ops| ops::next_due(conn, sql).await);
        match next {
            Ok(Some(due)) if due > outbox.now_ms() => outbox.clock.instant_of(due).min(poll),
            // Due already but not claimable (busy endpoints): wait for a slot or the poll.
            Ok(_) => poll,
            Err(error) => {
                tracing::warn!(%error, "outbox workers could not read the next due time");
                poll
            }
        }
    }

    /// Claims what the free capacity allows, tenant by tenant; how many were claimed.
    async fn claim_round(&mut self) -> Result<usize, OutboxError> {
        let in_flight = self.tasks.len();
        let mut free = self.options.concurrency.saturating_sub(in_flight);
        if free == 0 {
            return Ok(0);
        }
        let outbox = self.outbox.clone();
        let sql = &*outbox.sql;
        let now = outbox.now_ms();
        let limit = i64::try_from(free.max(16)).unwrap_or(i64::MAX);
        // Round robin: the tenants after the last one served, then from the first.
        let after = self.cursor.clone();
        let mut tenants = with_conn!(&outbox.db, |conn, ops| ops::due_tenants(
            conn, sql, now, limit, &after
        )
        .await)?;
        if tenants.is_empty() && !after.is_empty() {
            tenants = with_conn!(&outbox.db, |conn, ops| ops::due_tenants(
                conn, sql, now, limit, ""
            )
            .await)?;
        }
        let mut claimed = 0;
        for (index, tenant) in tenants.iter().enumerate() {
            let tenant_room = self
                .options
                .per_tenant
                .saturating_sub(self.per_tenant.get(tenant).copied().unwrap_or(0));
            let share = (free / (tenants.len() - index)).max(1);
            let take = tenant_room.min(share).min(free);
            // The next round starts after the last tenant this one reached.
            self.cursor.clone_from(tenant);
            if take == 0 {
                continue;
            }
            let busy: Vec<i64> = self
                .per_endpoint
                .iter()
                .filter(|(_, &n)| n >= self.options.per_endpoint)
                .map(|(&id, _)| id)
                .collect();
            let worker = &self.options.worker_id.clone();
            let lease_until = now.saturating_add(duration_ms(self.options.lease));
            let take = i64::try_from(take).unwrap_or(i64::MAX);
            let claim = Claim {
                tenant,
                worker,
                now,
                lease_until,
                limit: take,
                busy: &busy,
            };
            let jobs = with_conn!(&outbox.db, |conn, ops| ops::claim(conn, sql, &claim).await)?;
            let mut surplus = Vec::new();
            for job in jobs {
                let endpoint_load = self.per_endpoint.get(&job.endpoint.0).copied().unwrap_or(0);
                if endpoint_load >= self.options.per_endpoint {
                    surplus.push(job.id);
                    continue;
                }
                self.start(job);
                claimed += 1;
                free -= 1;
            }
            // More of one endpoint than its share: back to the queue, still due.
            with_conn!(&outbox.db, |conn, ops| ops::release(
                conn, sql, worker, &surplus
            )
            .await)?;
            if free == 0 {
                break;
            }
        }
        Ok(claimed)
    }

    /// Spawns the attempt's task.
    fn start(&mut self, job: Job) {
        *self.per_endpoint.entry(job.endpoint.0).or_insert(0) += 1;
        *self.per_tenant.entry(job.tenant.clone()).or_insert(0) += 1;
        let limiter = job
            .rate_limit
            .map(|per_second| self.limiter(job.endpoint.0, per_second));
        let transport = Arc::clone(&self.transport);
        let request = AttemptRequest {
            url: job.url.clone(),
            headers: job.headers.clone(),
            message_id: job.message_id.clone(),
            timestamp: self.outbox.now_ms() / 1000,
            event_type: job.event_type.clone(),
            body: job.payload.clone(),
            secrets: job
                .secrets
                .iter()
                .map(|secret| secret.expose().to_owned())
                .collect(),
        };
        self.tasks.spawn(async move {
            if let Some(limiter) = limiter {
                limiter.until_ready().await;
            }
            let attempt = transport.attempt(request).await;
            Done { job, attempt }
        });
    }

    /// The endpoint's rate limiter, made again when its limit changed.
    fn limiter(&mut self, endpoint: i64, per_second: u32) -> Arc<DefaultDirectRateLimiter> {
        let entry = self
            .limiters
            .entry(endpoint)
            .or_insert_with(|| (per_second, Arc::new(limiter_of(per_second))));
        if entry.0 != per_second {
            *entry = (per_second, Arc::new(limiter_of(per_second)));
        }
        Arc::clone(&entry.1)
    }

    /// Records a finished task (a panicked one is left to its lease).
    async fn finished(&mut self, done: Result<Done, tokio::task::JoinError>) {
        let Ok(Done { job, attempt }) = done else {
            tracing::error!(
                "an outbox attempt's task failed; its attempt is retried after its lease"
            );
            return;
        };
        decrement(&mut self.per_endpoint, &job.endpoint.0);
        decrement(&mut self.per_tenant, &job.tenant);
        let finish = self.verdict(&job, attempt);
        let outbox = &self.outbox;
        let sql = &*outbox.sql;
        let written = with_tx!(&outbox.db, |conn, ops| ops::finish(conn, sql, &finish)
            .await);
        match written {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                message_id = %job.message_id,
                endpoint = job.endpoint.0,
                attempt = job.attempt,
                "an outbox attempt outlived its lease and was taken by another worker"
            ),
            Err(error) => tracing::error!(
                %error,
                message_id = %job.message_id,
                "could not record an outbox attempt; it is made again after its lease"
            ),
        }
    }

    /// What an attempt's outcome writes.
    fn verdict(&self, job: &Job, attempt: Attempt) -> Finish {
        let Attempt {
            outcome,
            status,
            duration,
            mut response_body,
            error,
        } = attempt;
        response_body.truncate(self.options.response_body_limit);
        let now = self.outbox.now_ms();
        let (failed, retry_after, disable, error) = match outcome {
            Outcome::Delivered => (false, None, None, error),
            Outcome::Failed { retry_after } => (true, retry_after, None, error),
            Outcome::Gone => (
                true,
                None,
                Some("the endpoint answered 410 Gone".to_owned()),
                error,
            ),
            Outcome::Refused { reason } => (true, None, None, Some(error.unwrap_or(reason))),
        };
        let retry = if failed {
            job.retry_index.and_then(|index| {
                let schedule = match &job.retry_schedule {
                    Some(millis) => RetrySchedule::from_millis(
                        millis,
                        self.options.retry_schedule.jitter_fraction(),
                    ),
                    None => self.options.retry_schedule.clone(),
                };
                let delay = schedule.delay(index, jitter_unit())?;
                let (floor, ceiling) = self.options.retry_after_bounds;
                let delay =
                    retry_after.map_or(delay, |asked| honour_retry_after(asked, floor, ceiling));
                Some((index + 1, now.saturating_add(duration_ms(delay))))
            })
        } else {
            None
        };
        let disable_failing = match (failed, self.options.disable_after) {
            (true, Some(after)) => Some((
                format!("failing continuously for {} or more", humanize(after)),
                now.saturating_sub(duration_ms(after)),
            )),
            _ => None,
        };
        let state = match (failed, retry.is_some()) {
            (false, _) => AttemptState::Delivered,
            (true, true) => AttemptState::Failed,
            (true, false) => AttemptState::Dead,
        };
        Finish {
            attempt_id: job.id,
            endpoint_id: job.endpoint.0,
            worker: self.options.worker_id.clone(),
            state,
            status,
            duration_ms: duration_ms(duration),
            response_body: response_body.to_vec(),
            error,
            made_at: now,
            retry,
            failed,
            disable,
            disable_failing,
        }
    }
}

fn limiter_of(per_second: u32) -> DefaultDirectRateLimiter {
    let per_second = NonZeroU32::new(per_second).unwrap_or(NonZeroU32::MIN);
    DefaultDirectRateLimiter::direct(Quota::per_second(per_second))
}

fn decrement<K: std::hash::Hash + Eq>(counts: &mut HashMap<K, usize>, key: &K) {
    if let Some(count) = counts.get_mut(key) {
        *count = count.saturating_sub(1);
        if *count == 0 {
            counts.remove(key);
        }
    }
}

/// `5 days`, `36 hours`, `90 s`: a duration for a reason text.
fn humanize(duration: Duration) -> String {
    let secs = duration.as_secs();
    match secs {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{} days", s / 86_400),
        s if s >= 3600 && s % 3600 == 0 => format!("{} hours", s / 3600),
        s => format!("{s} s"),
    }
}
