//! [`RetryPolicy`]: how long a worker waits before retrying a failed delivery.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Exponential backoff with jitter for deliveries that fail in the background
/// ([`Store::fail`](super::Store::fail)).
///
/// After attempt `n` fails, the delivery waits
/// `min(max_delay, base_delay × 2ⁿ⁻¹)`, shortened by a random share of up to `jitter`
/// (`0.0`: none, `1.0`: anywhere between zero and the full delay), so deliveries that
/// failed together do not all retry in the same instant. Once `max_attempts` attempts
/// have failed, the delivery is `dead`.
///
/// ```
/// use std::time::Duration;
/// use webhook::store::RetryPolicy;
///
/// let policy = RetryPolicy {
///     max_attempts: 5,
///     base_delay: Duration::from_secs(1),
///     max_delay: Duration::from_secs(60),
///     jitter: 0.0,
/// };
/// assert_eq!(policy.backoff(1, 0.5), Some(Duration::from_secs(1)));
/// assert_eq!(policy.backoff(3, 0.5), Some(Duration::from_secs(4)));
/// assert_eq!(policy.backoff(5, 0.5), None); // dead
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; at least 1.
    pub max_attempts: u32,
    /// The wait after the first failed attempt.
    pub base_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
    /// The largest share of a wait that is randomly taken off, `0.0..=1.0`.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    /// 10 attempts, waits from 2 s doubling up to 15 min, jitter 0.5: about 45 minutes
    /// of retries in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(15 * 60),
            jitter: 0.5,
        }
    }
}

impl RetryPolicy {
    /// The wait after failed attempt number `attempts` (1 for the first), or `None`
    /// when no attempt is left. `unit` is the random draw in `0.0..1.0` the jitter
    /// scales; [`next_delay`](Self::next_delay) draws it.
    pub fn backoff(&self, attempts: u32, unit: f64) -> Option<Duration> {
        if attempts >= self.max_attempts.max(1) {
            return None;
        }
        let factor = 1u32 << attempts.saturating_sub(1).min(31);
        let full = self
            .base_delay
            .checked_mul(factor)
            .map_or(self.max_delay, |delay| delay.min(self.max_delay));
        let jitter = self.jitter.clamp(0.0, 1.0) * unit.clamp(0.0, 1.0);
        Some(full.mul_f64(1.0 - jitter))
    }

    /// [`backoff`](Self::backoff) with a fresh random draw.
    pub fn next_delay(&self, attempts: u32) -> Option<Duration> {
        self.backoff(attempts, random_unit())
    }
}

/// A random number in `0.0..1.0`, good enough to spread retries (not for secrets):
/// std's randomly keyed hasher over a counter, so no RNG dependency is needed.
fn random_unit() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    // The top 53 bits fill an f64's mantissa exactly.
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(jitter: f64) -> RetryPolicy {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            jitter,
        }
    }

    #[test]
    fn waits_double_up_to_the_cap_then_stop() {
        let waits: Vec<Option<Duration>> = (1..=6).map(|n| policy(0.0).backoff(n, 0.9)).collect();
        let ms = |n| Some(Duration::from_millis(n));
        assert_eq!(waits, [ms(100), ms(200), ms(400), ms(800), ms(1000), None]);
    }

    #[test]
    fn jitter_only_shortens_within_its_share() {
        let policy = policy(0.5);
        for _ in 0..1000 {
            let wait = policy.next_delay(3).unwrap_or_default();
            assert!(wait <= Duration::from_millis(400), "{wait:?}");
            assert!(wait >= Duration::from_millis(200), "{wait:?}");
        }
        assert_eq!(policy.backoff(3, 1.0), Some(Duration::from_millis(200)));
    }

    #[test]
    fn draws_spread_over_the_unit_interval() {
        let draws: Vec<f64> = (0..1000).map(|_| random_unit()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        assert!(draws.iter().any(|d| *d < 0.1) && draws.iter().any(|d| *d > 0.9));
    }

    #[test]
    fn huge_attempt_counts_do_not_overflow() {
        let policy = RetryPolicy {
            max_attempts: u32::MAX,
            ..policy(0.0)
        };
        assert_eq!(policy.backoff(200, 0.0), Some(Duration::from_millis(1000)));
    }
}
