//! Signature headers written as `key=value` lists: Stripe's `t=…,v1=…,v1=…`, Paddle's
//! `ts=…;h1=…`, Twilio's signature settings.
//!
//! ```text
//! const LIST: ListScheme = ListScheme {
//!     header: "Stripe-Signature",
//!     separator: ',',
//!     timestamp_key: "t",
//!     signature_key: "v1",
//!     encoding: Encoding::Hex,
//!     signed_separator: b".",
//! };
//!
//! LIST.verify::<HmacSha256, 32, 8>(value, request.body, context)
//! ```

#[cfg(any(feature = "paddle", feature = "stripe"))]
use hmac::{digest::KeyInit, Mac};

#[cfg(any(feature = "paddle", feature = "stripe"))]
use super::{
    candidates::Candidates,
    parse_seconds,
    signature::{match_hmac, Encoding},
    Verified, VerifyContext, VerifyError,
};

/// The `key=value` items of `list`, in order: the list is split on `separator`, each
/// item trimmed of surrounding whitespace and split at its first `=`. Items without
/// `=` (empty ones included) are skipped; keys and values are not trimmed further.
#[inline]
pub(crate) fn items(list: &str, separator: char) -> impl Iterator<Item = (&str, &str)> {
    list.split(separator)
        .filter_map(|item| item.trim().split_once('='))
}

/// How a provider writes a signed timestamp and its signatures in one list header.
#[cfg(any(feature = "paddle", feature = "stripe"))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListScheme {
    /// The header as the provider documents it, named in errors.
    pub(crate) header: &'static str,
    /// Between items: `,` (Stripe), `;` (Paddle).
    pub(crate) separator: char,
    /// The key of the timestamp (`t`, `ts`); the first one counts.
    pub(crate) timestamp_key: &'static str,
    /// The key of the signatures checked (`v1`, `h1`); other keys (`v0`) are skipped.
    pub(crate) signature_key: &'static str,
    /// How each signature is written.
    pub(crate) encoding: Encoding,
    /// Between the timestamp and the body in the signed bytes: `.` (Stripe), `:`
    /// (Paddle).
    pub(crate) signed_separator: &'static [u8],
}

/// What a list header says.
#[cfg(any(feature = "paddle", feature = "stripe"))]
#[derive(Debug)]
struct SignatureList<'a, const N: usize, const MAX: usize> {
    /// The timestamp exactly as written: signed strings use it verbatim.
    timestamp_text: &'a str,
    /// The timestamp's value, unix seconds.
    timestamp: i64,
    /// The first `MAX` signatures that decode to `N` bytes; undecodable ones are
    /// skipped and do not count.
    signatures: Candidates<N, MAX>,
}

#[cfg(any(feature = "paddle", feature = "stripe"))]
impl ListScheme {
    /// Verifies a request whose list header is `value`: the first configured secret
    /// whose MAC `M` (`N` bytes) of `{timestamp}{signed_separator}{body}` equals any of
    /// the first `MAX` signatures wins; then a timestamp further than the tolerance from
    /// now, in either direction, is refused. (Stripe's and Paddle's SDKs let one from the
    /// future pass; we do not, so a leaked signature cannot be post-dated.)
    #[inline]
    pub(crate) fn verify<M: Mac + KeyInit, const N: usize, const MAX: usize>(
        &self,
        value: &str,
        body: &[u8],
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError> {
        let list = self.parse::<N, MAX>(value)?;
        let signed = [list.timestamp_text.as_bytes(), self.signed_separator, body];
        let verified = match_hmac::<M, N>(context, list.signatures.as_slice(), &signed)?;
        context.check_within(list.timestamp)?;
        Ok(verified)
    }

    /// Reads `value`: a missing or non-integer timestamp is
    /// [`VerifyError::MalformedHeader`]; a list with no decodable signature
    /// [`VerifyError::NoSignature`].
    #[inline]
    fn parse<'a, const N: usize, const MAX: usize>(
        &self,
        value: &'a str,
    ) -> Result<SignatureList<'a, N, MAX>, VerifyError> {
        let mut timestamp_text = None;
        let mut signatures = Candidates::new();
        for (key, value) in items(value, self.separator) {
            if key == self.timestamp_key {
                timestamp_text.get_or_insert(value);
            } else if key == self.signature_key && !signatures.is_full() {
                if let Some(signature) = self.encoding.decode(value) {
                    signatures.push(signature);
                }
            }
        }
        let timestamp_text = timestamp_text.ok_or(VerifyError::MalformedHeader(self.header))?;
        let timestamp = parse_seconds(timestamp_text, self.header)?;
        if signatures.is_empty() {
            return Err(VerifyError::NoSignature(self.signature_key));
        }
        Ok(SignatureList {
            timestamp_text,
            timestamp,
            signatures,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(list: &str, separator: char) -> Vec<(&str, &str)> {
        items(list, separator).collect()
    }

    #[test]
    fn items_split_trim_and_skip() {
        assert_eq!(all("", ','), []);
        assert_eq!(all(",,", ','), []);
        assert_eq!(all("t=1,v1=ab", ','), [("t", "1"), ("v1", "ab")]);
        // Only the first `=` splits: base64 padding stays in the value.
        assert_eq!(all("k=YQ==", ','), [("k", "YQ==")]);
        // Items are trimmed; what is inside them is not.
        assert_eq!(all(" t=1 ;\th1=ab ", ';'), [("t", "1"), ("h1", "ab")]);
        assert_eq!(all("t =1,v1= ab", ','), [("t ", "1"), ("v1", " ab")]);
        // No `=`: skipped. Empty key or value: kept, for the caller to refuse.
        assert_eq!(all("garbage,=x,k=", ','), [("", "x"), ("k", "")]);
        // Another separator is part of the value.
        assert_eq!(all("t=1;h1=ab", ','), [("t", "1;h1=ab")]);
        // Repeated keys are all yielded, in order.
        assert_eq!(all("a=1,a=2", ','), [("a", "1"), ("a", "2")]);
    }

    #[cfg(feature = "stripe")]
    mod scheme {
        use super::super::*;

        const LIST: ListScheme = ListScheme {
            header: "X-List",
            separator: ',',
            timestamp_key: "t",
            signature_key: "s",
            encoding: Encoding::Hex,
            signed_separator: b".",
        };

        fn parse(value: &str) -> Result<(&str, i64, Vec<[u8; 1]>), VerifyError> {
            let list = LIST.parse::<1, 2>(value)?;
            Ok((
                list.timestamp_text,
                list.timestamp,
                list.signatures.as_slice().to_vec(),
            ))
        }

        #[test]
        fn reads_the_timestamp_and_signatures() {
            assert_eq!(parse("t=5,s=0a,s=0b"), Ok(("5", 5, vec![[10], [11]])));
            assert_eq!(parse("s=0a, t=-5 ,x=1"), Ok(("-5", -5, vec![[10]])));
        }

        #[test]
        fn the_first_timestamp_counts() {
            assert_eq!(parse("t=5,t=6,s=0a"), Ok(("5", 5, vec![[10]])));
            assert_eq!(
                parse("t=x,t=6,s=0a"),
                Err(VerifyError::MalformedHeader("X-List"))
            );
        }

        #[test]
        fn at_most_max_decodable_signatures_are_kept() {
            assert_eq!(
                parse("t=5,s=zz,s=0a,s=,s=0b,s=0c"),
                Ok(("5", 5, vec![[10], [11]]))
            );
            let huge = format!("t=5,{}s=0a", "s=zz,".repeat(10_000));
            assert_eq!(parse(&huge), Ok(("5", 5, vec![[10]])));
        }

        #[test]
        fn refuses_what_is_missing_or_malformed() {
            let malformed = Err(VerifyError::MalformedHeader("X-List"));
            for bad in [
                "",
                ",",
                "s=0a",
                "t=,s=0a",
                "t=1.5,s=0a",
                "t=99999999999999999999,s=0a",
                "t=5;s=0a",
            ] {
                assert_eq!(parse(bad), malformed, "{bad:?}");
            }
            let none = Err(VerifyError::NoSignature("s"));
            for bad in ["t=5", "t=5,s=zz", "t=5,s=0a0a", "t=5,S=0a", "t=5,s"] {
                assert_eq!(parse(bad), none, "{bad:?}");
            }
        }

        #[test]
        fn verify_signs_timestamp_separator_body_then_checks_the_timestamp() {
            use std::time::{Duration, UNIX_EPOCH};

            use crate::secret::Secret;
            use crate::verify::signature::HmacSha256;
            use crate::verify::{Verified, VerifyContext};

            const STRIPE: ListScheme = ListScheme {
                header: "Stripe-Signature",
                signature_key: "v1",
                ..LIST
            };
            // ST-1 of shared/test-vectors.md.
            let body = br#"{"id":"evt_test_webhook","object":"event","type":"invoice.paid"}"#;
            let header =
                "t=1700000000,v1=92a67d03f3996371aee723f680b97033696bcd5bb8a1826c465e55a4d569d2c1";
            let check = |secrets: &[&str], now| {
                let secrets: Vec<Secret> = secrets.iter().map(|s| Secret::new(*s)).collect();
                let context = VerifyContext {
                    secrets: &secrets,
                    tolerance: Some(Duration::from_secs(300)),
                    now: UNIX_EPOCH + Duration::from_secs(now),
                    public_url: None,
                };
                STRIPE.verify::<HmacSha256, 32, 2>(header, body, &context)
            };
            let matched = Ok(Verified { secret_index: 1 });
            assert_eq!(
                check(&["other", "whsec_test_secret"], 1_700_000_300),
                matched
            );
            assert_eq!(
                check(&["whsec_test_secret", "x"], 1_699_999_700),
                Ok(Verified { secret_index: 0 })
            );
            assert!(matches!(
                check(&["whsec_test_secret"], 1_699_990_000),
                Err(VerifyError::Future {
                    ahead_secs: 10_000,
                    ..
                })
            ));
            assert_eq!(check(&["other"], 1_700_000_000), Err(VerifyError::Mismatch));
            assert!(matches!(
                check(&["whsec_test_secret"], 1_700_000_301),
                Err(VerifyError::Stale { age_secs: 301, .. })
            ));
        }
    }
}
