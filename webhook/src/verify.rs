//! Shared pieces of signature verification: the error type, constant-time comparison
//! and timestamp checks here; how one signature is written and MACs computed in
//! [`signature`]; `key=value` list headers in `header_list` and the signatures a list
//! offers in `candidates`; Slack's `v0` scheme, which Zoom shares, in `v0`. Each
//! provider's scheme lives in its own folder.

// Each provider uses some of the helpers; each of these seven uses all of them, and a
// build without any of them leaves some unused.
#![cfg_attr(
    not(any(
        feature = "stripe",
        feature = "github",
        feature = "slack",
        feature = "paddle",
        feature = "zoom",
        feature = "twitch",
        feature = "mailgun"
    )),
    allow(dead_code)
)]

#[cfg(any(
    feature = "gitlab",
    feature = "paddle",
    feature = "standard-webhooks",
    feature = "stripe"
))]
pub(crate) mod candidates;
#[cfg(test)]
pub(crate) mod fixture;
#[cfg(any(
    feature = "calendly",
    feature = "mux",
    feature = "paddle",
    feature = "stripe",
    feature = "twilio"
))]
pub(crate) mod header_list;
pub(crate) mod signature;
#[cfg(any(feature = "calendly", feature = "mux"))]
pub(crate) mod timestamped_list;
#[cfg(any(feature = "slack", feature = "zoom"))]
pub(crate) mod v0;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use subtle::ConstantTimeEq;

use crate::secret::Secret;

/// Why a request's signature was refused. Every variant is answered with `401`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// A header the scheme needs is absent.
    #[error("missing `{0}` header")]
    MissingHeader(&'static str),
    /// A header is present but not in the provider's format.
    #[error("malformed `{0}` header")]
    MalformedHeader(&'static str),
    /// The header carries no signature of the scheme we check (e.g. Stripe `v1`).
    #[error("no `{0}` signature in the signature header")]
    NoSignature(&'static str),
    /// No signature matched any configured secret.
    #[error("signature does not match")]
    Mismatch,
    /// The signed timestamp is older than the tolerance allows.
    #[error("timestamp is outside the tolerance ({age_secs} s old, {tolerance_secs} s allowed)")]
    Stale {
        /// How old the timestamp is, in seconds.
        age_secs: u64,
        /// The configured tolerance, in seconds.
        tolerance_secs: u64,
    },
    /// The signed timestamp is further in the future than the tolerance allows: the
    /// sender's clock or this server's is wrong.
    #[error(
        "timestamp is in the future ({ahead_secs} s ahead, beyond the tolerance of \
         {tolerance_secs} s); check this server's clock and the sender's"
    )]
    Future {
        /// How far ahead of this server's clock the timestamp is, in seconds.
        ahead_secs: u64,
        /// The configured tolerance, in seconds.
        tolerance_secs: u64,
    },
}

/// What a successful verification found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// Index, in configuration order, of the secret that matched, so an old secret can
    /// be retired once nothing matches it any more.
    pub secret_index: usize,
}

/// What a verifier gets besides the request: the endpoint's keys and clock policy.
#[derive(Debug, Clone, Copy)]
pub struct VerifyContext<'a> {
    /// Secrets in configuration order; any may match.
    pub secrets: &'a [Secret],
    /// Maximum accepted age of a signed timestamp; `None` disables the check.
    pub tolerance: Option<Duration>,
    /// The time the request was received.
    pub now: SystemTime,
    /// The public URL the provider was configured to call, for schemes that sign it
    /// (Twilio, Square); set with [`Webhooks::public_url`](crate::Webhooks::public_url).
    pub public_url: Option<&'a str>,
}

impl VerifyContext<'_> {
    /// Rejects a signed unix timestamp further than the tolerance from now, in either
    /// direction: older is [`VerifyError::Stale`], newer is [`VerifyError::Future`]. A
    /// replayed request cannot be post-dated to outlive the window, and a skewed clock
    /// shows up as "in the future" rather than as a bad signature.
    pub fn check_within(&self, timestamp: i64) -> Result<(), VerifyError> {
        let Some(tolerance) = self.tolerance else {
            return Ok(());
        };
        let tolerance_secs = tolerance.as_secs();
        let age = unix_seconds(self.now).saturating_sub(timestamp);
        check_age(age, age.unsigned_abs(), tolerance_secs, tolerance_secs)
    }
}

/// The decision of [`VerifyContext::check_within`] once the age is known, in any unit
/// (`age` and `tolerance` alike; Linear counts milliseconds); the error reports
/// `age_secs` and `tolerance_secs`.
pub(crate) fn check_age(
    age: i64,
    age_secs: u64,
    tolerance: u64,
    tolerance_secs: u64,
) -> Result<(), VerifyError> {
    let limit = i64::try_from(tolerance).unwrap_or(i64::MAX);
    if age > limit {
        return Err(VerifyError::Stale {
            age_secs,
            tolerance_secs,
        });
    }
    if age < -limit {
        return Err(VerifyError::Future {
            ahead_secs: age_secs,
            tolerance_secs,
        });
    }
    Ok(())
}

/// Seconds since the Unix epoch (negative before it).
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    }
}

/// HMAC-SHA256 over the concatenation of `parts`, keyed with `key`.
#[inline]
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    signature::mac::<signature::HmacSha256>(key, parts).into()
}

/// Unix seconds as `i64::from_str` reads them (a leading sign is taken); text that is
/// not is [`VerifyError::MalformedHeader`] naming `name`.
#[inline]
pub(crate) fn parse_seconds(text: &str, name: &'static str) -> Result<i64, VerifyError> {
    text.parse().map_err(|_| VerifyError::MalformedHeader(name))
}

/// Unix seconds written as ASCII digits only: signed strings use the text verbatim, so
/// a `+1` or ` 1` that `i64::from_str` would take is refused rather than normalised.
#[cfg(any(feature = "gitlab", feature = "mailgun", feature = "slack"))]
pub(crate) fn parse_digits(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Constant-time equality of two byte strings (lengths are not secret).
#[inline]
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Whether `expected` equals any of `candidates`; every candidate is compared, each in
/// constant time, so the time taken says nothing about which one matched.
#[inline]
pub(crate) fn matches_any(expected: &[u8], candidates: &[impl AsRef<[u8]>]) -> bool {
    let mut matched = false;
    for candidate in candidates {
        matched |= constant_time_eq(expected, candidate.as_ref());
    }
    matched
}

/// The first configured secret (or key) for which `matches` holds, in configuration
/// order; [`VerifyError::Mismatch`] when none does.
#[inline]
pub(crate) fn first_matching_secret(
    context: &VerifyContext<'_>,
    matches: impl FnMut(&Secret) -> bool,
) -> Result<Verified, VerifyError> {
    match context.secrets.iter().position(matches) {
        Some(secret_index) => Ok(Verified { secret_index }),
        None => Err(VerifyError::Mismatch),
    }
}

/// Tries every secret against every candidate signature: the first secret whose
/// expected digest equals any candidate wins. Every comparison is constant-time.
#[inline]
pub(crate) fn match_any_secret<const N: usize, E: AsRef<[u8]>>(
    context: &VerifyContext<'_>,
    candidates: &[[u8; N]],
    mut expected_for: impl FnMut(&Secret) -> E,
) -> Result<Verified, VerifyError> {
    first_matching_secret(context, |secret| {
        matches_any(expected_for(secret).as_ref(), candidates)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(tolerance: Option<u64>, now: i64) -> VerifyContext<'static> {
        VerifyContext {
            secrets: &[],
            tolerance: tolerance.map(Duration::from_secs),
            now: UNIX_EPOCH + Duration::from_secs(now as u64),
            public_url: None,
        }
    }

    #[test]
    fn timestamps_are_checked_in_both_directions() {
        let ctx = context(Some(300), 1_000_000);
        assert!(ctx.check_within(1_000_000 - 300).is_ok());
        assert!(ctx.check_within(1_000_000 + 300).is_ok());
        assert_eq!(
            ctx.check_within(1_000_000 - 301),
            Err(VerifyError::Stale {
                age_secs: 301,
                tolerance_secs: 300
            })
        );
        let ahead = ctx.check_within(1_000_000 + 3600).unwrap_err();
        assert_eq!(
            ahead,
            VerifyError::Future {
                ahead_secs: 3600,
                tolerance_secs: 300
            }
        );
        assert!(ahead.to_string().contains("in the future"), "{ahead}");
        assert!(context(None, 5).check_within(0).is_ok());
        assert!(context(None, 5).check_within(i64::MAX).is_ok());
        assert!(matches!(
            ctx.check_within(i64::MIN),
            Err(VerifyError::Stale { .. })
        ));
        assert!(matches!(
            ctx.check_within(i64::MAX),
            Err(VerifyError::Future { .. })
        ));
    }

    #[test]
    fn seconds_take_a_sign_and_nothing_else() {
        assert_eq!(parse_seconds("1700000000", "h"), Ok(1_700_000_000));
        assert_eq!(parse_seconds("-5", "h"), Ok(-5));
        assert_eq!(parse_seconds("+5", "h"), Ok(5));
        for bad in ["", " 5", "5 ", "1.5", "soon", "99999999999999999999"] {
            assert_eq!(
                parse_seconds(bad, "h"),
                Err(VerifyError::MalformedHeader("h"))
            );
        }
    }

    #[test]
    fn the_first_matching_secret_wins() {
        let secrets = [Secret::new("a"), Secret::new("b"), Secret::new("b")];
        let three = VerifyContext {
            secrets: &secrets,
            ..context(None, 0)
        };
        let is_b = |secret: &Secret| secret.expose() == b"b";
        assert_eq!(
            first_matching_secret(&three, is_b),
            Ok(Verified { secret_index: 1 })
        );
        assert_eq!(
            first_matching_secret(&three, |_| false),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            first_matching_secret(&context(None, 0), |_| true),
            Err(VerifyError::Mismatch)
        );
    }

    #[test]
    fn compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(matches_any(b"abc", &[b"xyz", b"abc"]));
        assert!(!matches_any(b"abc", &[b"xyz", b"abd"]));
        assert!(!matches_any(b"abc", &[] as &[&[u8]]));
    }

    #[cfg(feature = "slack")]
    #[test]
    fn digits_only() {
        assert_eq!(parse_digits("1531420618"), Some(1_531_420_618));
        assert_eq!(parse_digits("0"), Some(0));
        for bad in [
            "",
            "-1",
            "+1",
            " 1",
            "1 ",
            "1.5",
            "1e3",
            "99999999999999999999",
        ] {
            assert_eq!(parse_digits(bad), None, "{bad:?}");
        }
    }
}
