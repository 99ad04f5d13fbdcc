//! [`RetrySchedule`]: when a failed attempt is tried again.
//!
//! The default is the schedule the Standard Webhooks specification recommends
//! (<https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md>,
//! "Retry schedule"): after the first attempt fails, again after 5 s, 5 min, 30 min, 2 h,
//! 5 h, 10 h, 14 h, 20 h and 24 h, each delay counted from the failed attempt, with jitter
//! so that endpoints that failed together do not all come back at once.

use std::time::Duration;

/// The delays between attempts, and the jitter applied to each.
///
/// ```
/// use std::time::Duration;
/// use webhook::outgoing::outbox::RetrySchedule;
///
/// let quick = RetrySchedule::new([Duration::from_secs(1), Duration::from_secs(10)]).jitter(0.0);
/// assert_eq!(quick.delays().len(), 2); // three attempts in all
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetrySchedule {
    delays: Vec<Duration>,
    jitter: f64,
}

/// The Standard Webhooks recommended delays, in seconds.
const STANDARD_WEBHOOKS: [u64; 9] = [
    5,
    5 * 60,
    30 * 60,
    2 * 3600,
    5 * 3600,
    10 * 3600,
    14 * 3600,
    20 * 3600,
    24 * 3600,
];

impl Default for RetrySchedule {
    /// The Standard Webhooks schedule (ten attempts over about 80 hours), ±20 % jitter.
    fn default() -> Self {
        RetrySchedule {
            delays: STANDARD_WEBHOOKS
                .iter()
                .map(|&secs| Duration::from_secs(secs))
                .collect(),
            jitter: 0.2,
        }
    }
}

impl RetrySchedule {
    /// The delays before the second, third, … attempt; ±20 % jitter.
    pub fn new(delays: impl IntoIterator<Item = Duration>) -> Self {
        RetrySchedule {
            delays: delays.into_iter().collect(),
            jitter: 0.2,
        }
    }

    /// Each delay varies by up to this fraction either way (clamped to `0.0..=1.0`;
    /// `0.0` makes the schedule exact).
    pub fn jitter(mut self, fraction: f64) -> Self {
        self.jitter = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self
    }

    /// The delays, without jitter.
    pub fn delays(&self) -> &[Duration] {
        &self.delays
    }

    /// The jitter fraction.
    pub fn jitter_fraction(&self) -> f64 {
        self.jitter
    }

    /// The delay before the retry at `index` (0: the second attempt), jittered by
    /// `unit` (a number in `-1.0..=1.0`); `None` when the schedule has no more retries.
    pub(crate) fn delay(&self, index: usize, unit: f64) -> Option<Duration> {
        let base = *self.delays.get(index)?;
        let factor = 1.0 + self.jitter * unit.clamp(-1.0, 1.0);
        Some(base.mul_f64(factor.max(0.0)))
    }

    /// The delays in milliseconds, as stored with an endpoint.
    pub(crate) fn to_millis(&self) -> Vec<u64> {
        self.delays
            .iter()
            .map(|delay| u64::try_from(delay.as_millis()).unwrap_or(u64::MAX))
            .collect()
    }

    /// A schedule stored with an endpoint, with `jitter`.
    pub(crate) fn from_millis(millis: &[u64], jitter: f64) -> Self {
        RetrySchedule::new(millis.iter().map(|&ms| Duration::from_millis(ms))).jitter(jitter)
    }
}

/// How long to wait for the next attempt when the endpoint said `Retry-After`: what it
/// asked, at least `floor` and at most `ceiling`, so that neither `Retry-After: 0` nor
/// `Retry-After: 31536000` takes over the schedule.
pub(crate) fn honour_retry_after(asked: Duration, floor: Duration, ceiling: Duration) -> Duration {
    asked.max(floor).min(ceiling.max(floor))
}

/// A number in `-1.0..=1.0` from the operating system's random source, for jitter.
pub(crate) fn jitter_unit() -> f64 {
    let mut bytes = [0u8; 8];
    if getrandom::getrandom(&mut bytes).is_err() {
        return 0.0;
    }
    // 53 random bits make a float in [0, 1).
    let unit = (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64;
    unit * 2.0 - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_standard_webhooks_schedule() {
        let schedule = RetrySchedule::default();
        let secs: Vec<u64> = schedule.delays().iter().map(Duration::as_secs).collect();
        assert_eq!(
            secs,
            [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]
        );
        assert_eq!(schedule.delay(0, 0.0), Some(Duration::from_secs(5)));
        assert_eq!(schedule.delay(9, 0.0), None);
    }

    #[test]
    fn jitter_stays_within_its_fraction() {
        let schedule = RetrySchedule::default();
        assert_eq!(schedule.delay(1, 1.0), Some(Duration::from_secs(360)));
        assert_eq!(schedule.delay(1, -1.0), Some(Duration::from_secs(240)));
        for _ in 0..1000 {
            let unit = jitter_unit();
            assert!((-1.0..=1.0).contains(&unit), "{unit}");
            let delay = schedule.delay(0, unit).unwrap_or_default();
            assert!(delay >= Duration::from_secs(4) && delay <= Duration::from_secs(6));
        }
        let exact = RetrySchedule::default().jitter(0.0);
        assert_eq!(exact.delay(0, 1.0), Some(Duration::from_secs(5)));
        assert_eq!(
            RetrySchedule::default().jitter(f64::NAN).jitter_fraction(),
            0.0
        );
    }

    #[test]
    fn retry_after_is_clamped() {
        let floor = Duration::from_secs(1);
        let ceiling = Duration::from_secs(3600);
        assert_eq!(honour_retry_after(Duration::ZERO, floor, ceiling), floor);
        assert_eq!(
            honour_retry_after(Duration::from_secs(120), floor, ceiling),
            Duration::from_secs(120)
        );
        assert_eq!(
            honour_retry_after(Duration::from_secs(31_536_000), floor, ceiling),
            ceiling
        );
    }

    #[test]
    fn schedules_round_trip_through_millis() {
        let schedule = RetrySchedule::new([Duration::from_millis(1500)]).jitter(0.1);
        assert_eq!(
            RetrySchedule::from_millis(&schedule.to_millis(), 0.1),
            schedule
        );
    }
}
