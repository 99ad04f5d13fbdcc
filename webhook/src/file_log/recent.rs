//! [`Recent`]: the dedupe of an app without a database, in memory and bounded.
//!
//! A delivery key ([`delivery_key`](crate::delivery::delivery_key)) is claimed when its
//! handlers start and kept once they succeed; a failure releases it, so the provider's
//! retry runs the handlers again. Keys are forgotten after the window, or oldest first
//! when there are more than the capacity, and all of them when the process exits: a
//! provider's retry after that runs the handlers again.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keys seen within the window, at most `capacity` of them.
#[derive(Debug)]
pub(crate) struct Recent {
    capacity: usize,
    window: Duration,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    /// Key → when it was claimed.
    at: HashMap<String, Instant>,
    /// Keys in claim order (a released key may linger here until it comes up).
    order: VecDeque<(String, Instant)>,
}

impl Recent {
    pub(crate) fn new(capacity: usize, window: Duration) -> Self {
        Recent {
            capacity,
            window,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Claims `key` at `now`: `false` when it was claimed within the window (a
    /// duplicate, still running or done).
    pub(crate) fn claim(&self, key: &str, now: Instant) -> bool {
        if self.capacity == 0 {
            return true;
        }
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        seen.forget_before(now.checked_sub(self.window));
        if seen.at.contains_key(key) {
            return false;
        }
        while seen.at.len() >= self.capacity {
            if !seen.forget_oldest() {
                break;
            }
        }
        seen.at.insert(key.to_owned(), now);
        seen.order.push_back((key.to_owned(), now));
        true
    }

    /// Forgets `key` (its handlers failed), so that its next arrival runs them again.
    pub(crate) fn release(&self, key: &str) {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        seen.at.remove(key);
    }
}

impl Seen {
    /// Forgets keys claimed before `cutoff`.
    fn forget_before(&mut self, cutoff: Option<Instant>) {
        let Some(cutoff) = cutoff else { return };
        while self.order.front().is_some_and(|(_, at)| *at < cutoff) {
            self.forget_oldest();
        }
    }

    /// Forgets the oldest claim; `false` when there is none.
    fn forget_oldest(&mut self) -> bool {
        let Some((key, at)) = self.order.pop_front() else {
            return false;
        };
        // Only if the map still holds this claim (not a newer claim of a released key).
        if self.at.get(&key) == Some(&at) {
            self.at.remove(&key);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_a_duplicate_within_the_window_only() {
        let recent = Recent::new(10, Duration::from_secs(60));
        let start = Instant::now();
        assert!(recent.claim("evt_1", start));
        assert!(!recent.claim("evt_1", start + Duration::from_secs(59)));
        assert!(recent.claim("evt_1", start + Duration::from_secs(61)));
    }

    #[test]
    fn a_released_key_runs_again() {
        let recent = Recent::new(10, Duration::from_secs(60));
        let now = Instant::now();
        assert!(recent.claim("evt_1", now));
        recent.release("evt_1");
        assert!(recent.claim("evt_1", now));
        assert!(!recent.claim("evt_1", now));
    }

    #[test]
    fn the_oldest_key_goes_past_the_capacity() {
        let recent = Recent::new(2, Duration::from_secs(60));
        let now = Instant::now();
        assert!(recent.claim("a", now));
        assert!(recent.claim("b", now));
        assert!(recent.claim("c", now));
        assert!(recent.claim("a", now), "a was forgotten for c");
        assert!(!recent.claim("c", now));
    }

    #[test]
    fn capacity_zero_turns_dedupe_off() {
        let recent = Recent::new(0, Duration::from_secs(60));
        let now = Instant::now();
        assert!(recent.claim("a", now));
        assert!(recent.claim("a", now));
    }
}
