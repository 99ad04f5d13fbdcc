//! Shared pieces of signature verification: the error type, HMAC helpers, constant-time
//! comparison and timestamp checks. Each provider's scheme lives in its own folder.

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

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;
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
    /// The signed timestamp is further in the future than the tolerance allows.
    #[error("timestamp is in the future beyond the tolerance")]
    Future,
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
    /// Rejects a signed unix timestamp older than the tolerance. Timestamps in the future
    /// are accepted, as Stripe's own libraries do.
    pub fn check_not_stale(&self, timestamp: i64) -> Result<(), VerifyError> {
        let Some(tolerance) = self.tolerance else {
            return Ok(());
        };
        let now = unix_seconds(self.now);
        let age = now.saturating_sub(timestamp);
        if age > tolerance.as_secs() as i64 {
            return Err(VerifyError::Stale {
                age_secs: age.unsigned_abs(),
                tolerance_secs: tolerance.as_secs(),
            });
        }
        Ok(())
    }

    /// Rejects a signed unix timestamp further than the tolerance from now, in either
    /// direction (Standard Webhooks, Slack's Python SDK).
    pub fn check_within(&self, timestamp: i64) -> Result<(), VerifyError> {
        self.check_not_stale(timestamp)?;
        if let Some(tolerance) = self.tolerance {
            if timestamp.saturating_sub(unix_seconds(self.now)) > tolerance.as_secs() as i64 {
                return Err(VerifyError::Future);
            }
        }
        Ok(())
    }
}

/// Seconds since the Unix epoch (negative before it).
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    }
}

/// HMAC-SHA256 over the concatenation of `parts`, keyed with `key`.
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Constant-time equality of two byte strings (lengths are not secret).
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Decodes a lowercase or uppercase hex digest of exactly `N` bytes.
pub(crate) fn decode_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

/// Tries every secret against every candidate signature: the first secret whose
/// expected digest equals any candidate wins. Every comparison is constant-time.
pub(crate) fn match_any_secret<const N: usize>(
    context: &VerifyContext<'_>,
    candidates: &[[u8; N]],
    mut expected_for: impl FnMut(&Secret) -> [u8; N],
) -> Result<Verified, VerifyError> {
    for (secret_index, secret) in context.secrets.iter().enumerate() {
        let expected = expected_for(secret);
        let mut matched = false;
        for candidate in candidates {
            matched |= constant_time_eq(&expected, candidate);
        }
        if matched {
            return Ok(Verified { secret_index });
        }
    }
    Err(VerifyError::Mismatch)
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
    fn staleness_is_one_directional() {
        let ctx = context(Some(300), 1_000_000);
        assert!(ctx.check_not_stale(1_000_000 - 300).is_ok());
        assert!(matches!(
            ctx.check_not_stale(1_000_000 - 301),
            Err(VerifyError::Stale { .. })
        ));
        assert!(ctx.check_not_stale(1_000_000 + 3600).is_ok());
        assert_eq!(ctx.check_within(1_000_000 + 301), Err(VerifyError::Future));
        assert!(context(None, 5).check_not_stale(0).is_ok());
    }

    #[test]
    fn hex_and_compare() {
        assert_eq!(decode_hex::<2>("00ff"), Some([0, 255]));
        assert_eq!(decode_hex::<2>("00f"), None);
        assert_eq!(decode_hex::<2>("zzzz"), None);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
