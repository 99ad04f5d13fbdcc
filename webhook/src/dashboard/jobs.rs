//! Bulk replay jobs, each run at most once: the dry-run page hands out a random job
//! token, and a second submission of the same token (a double click, a resent form)
//! shows the first one's outcome instead of replaying again.
//!
//! The record is this process's: two instances behind one load balancer each run a
//! token once. A replay resets rows to `queued`, so even then no delivery runs twice at
//! once; it would only be queued again.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Tokens remembered; the oldest are forgotten beyond this.
const REMEMBERED: usize = 1024;

/// 32 random bytes from the operating system.
pub(crate) fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source failed");
    bytes
}

/// A fresh job token.
pub(crate) fn new_token() -> String {
    hex::encode(&random_bytes()[..16])
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobState {
    /// Another submission of the token is replaying right now.
    Running,
    /// Done: this many deliveries were queued again.
    Done(u64),
}

/// The jobs started so far.
#[derive(Debug, Default)]
pub(crate) struct Jobs {
    inner: Mutex<Remembered>,
}

#[derive(Debug, Default)]
struct Remembered {
    states: HashMap<String, JobState>,
    order: VecDeque<String>,
}

impl Jobs {
    /// Claims `token` for a new run: `None` when this caller should run it, else the
    /// state of the run that already has it.
    pub(crate) fn start(&self, token: &str) -> Option<JobState> {
        let mut jobs = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(state) = jobs.states.get(token) {
            return Some(*state);
        }
        jobs.states.insert(token.to_owned(), JobState::Running);
        jobs.order.push_back(token.to_owned());
        while jobs.order.len() > REMEMBERED {
            if let Some(oldest) = jobs.order.pop_front() {
                jobs.states.remove(&oldest);
            }
        }
        None
    }

    /// Records how a job ended; a failed job forgets its token, so it can be retried.
    pub(crate) fn finish(&self, token: &str, replayed: Option<u64>) {
        let mut jobs = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match replayed {
            Some(count) => {
                jobs.states.insert(token.to_owned(), JobState::Done(count));
            }
            None => {
                jobs.states.remove(token);
                jobs.order.retain(|known| known != token);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_runs_once() {
        let jobs = Jobs::default();
        let token = new_token();
        assert_eq!(jobs.start(&token), None);
        assert_eq!(jobs.start(&token), Some(JobState::Running));
        jobs.finish(&token, Some(3));
        assert_eq!(jobs.start(&token), Some(JobState::Done(3)));
        let failed = new_token();
        assert_eq!(jobs.start(&failed), None);
        jobs.finish(&failed, None);
        assert_eq!(jobs.start(&failed), None);
        assert_ne!(new_token(), new_token());
    }
}
