//! Reading single values of the file (durations, the mode, paths, secrets, ranges),
//! each checked where it is read so an error points at the value.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use serde::de::{self, Deserializer, SeqAccess, Unexpected, Visitor};
use serde::Deserialize;

use super::EndpointConfig;
use crate::handler::Mode;
use crate::secret::Secret;

/// A duration that could not be read; see [`parse_duration`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid duration `{text}`: {reason}; write a number with a unit, like `30s`, `15m`, \
     `12h` or `30d`, or a whole number of seconds"
)]
pub struct DurationError {
    text: String,
    reason: String,
}

/// Reads a duration as the configuration writes it: humantime form (`"500ms"`, `"90s"`,
/// `"15m"`, `"2h 30m"`, `"30d"`) or a whole number of seconds (`"300"`).
///
/// ```
/// use std::time::Duration;
/// use webhook::config::parse_duration;
///
/// assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(15 * 60)));
/// assert_eq!(parse_duration("300"), Ok(Duration::from_secs(300)));
/// assert!(parse_duration("soon").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed
            .parse::<u64>()
            .map(Duration::from_secs)
            .map_err(|error| DurationError {
                text: text.to_owned(),
                reason: error.to_string(),
            });
    }
    humantime::parse_duration(trimmed).map_err(|error| DurationError {
        text: text.to_owned(),
        reason: error.to_string(),
    })
}

/// `inline` or `queued`, with a hint for a near miss.
pub(super) fn parse_mode(text: &str) -> Result<Mode, String> {
    match text {
        "inline" => Ok(Mode::Inline),
        "queued" => Ok(Mode::Queued),
        other => Err(format!(
            "unknown mode `{other}`{}",
            webhook_catalog::suggest::hint(other, ["inline", "queued"])
        )),
    }
}

/// A route path: it starts with `/`.
pub(super) fn check_path(text: &str) -> Result<String, String> {
    if text.starts_with('/') {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "`{text}` is not a path: paths start with `/`, like `/webhooks`"
        ))
    }
}

/// `deserialize_with` for `Option<Duration>`.
pub(super) fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    d.deserialize_any(DurationVisitor { off: false })
}

/// `deserialize_with` for a tolerance: a duration, or `false` for none.
pub(super) fn tolerance<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<Duration>>, D::Error> {
    d.deserialize_any(DurationVisitor { off: true }).map(Some)
}

/// A duration; with `off`, also `false` (read as `None`).
struct DurationVisitor {
    off: bool,
}

impl<'de> Visitor<'de> for DurationVisitor {
    type Value = Option<Duration>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a duration like "30s", "15m" or "30d", or a whole number of seconds"#)?;
        if self.off {
            f.write_str(", or false to turn the check off")?;
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        parse_duration(text).map(Some).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Self::Value, E> {
        Ok(Some(Duration::from_secs(seconds)))
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Self::Value, E> {
        match u64::try_from(seconds) {
            Ok(seconds) => self.visit_u64(seconds),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(seconds), &self)),
        }
    }

    fn visit_bool<E: de::Error>(self, on: bool) -> Result<Self::Value, E> {
        if self.off && !on {
            Ok(None)
        } else {
            Err(E::invalid_value(Unexpected::Bool(on), &self))
        }
    }
}

/// `deserialize_with` for the mode.
pub(super) fn mode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Mode>, D::Error> {
    let text = String::deserialize(d)?;
    parse_mode(&text).map(Some).map_err(de::Error::custom)
}

/// `deserialize_with` for a path.
pub(super) fn path<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(d)?;
    check_path(&text).map(Some).map_err(de::Error::custom)
}

/// `deserialize_with` for a string that must not be empty.
pub(super) fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(d)?;
    if text.trim().is_empty() {
        return Err(de::Error::invalid_value(
            Unexpected::Str(&text),
            &"a non-empty string",
        ));
    }
    Ok(Some(text))
}

/// `deserialize_with` for a whole number of at least 1 (counts, sizes).
pub(super) fn at_least_one<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    d.deserialize_any(AtLeastOne(PhantomData)).map(Some)
}

struct AtLeastOne<T>(PhantomData<T>);

impl<'de, T: TryFrom<u64>> Visitor<'de> for AtLeastOne<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole number of at least 1")
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<T, E> {
        if n == 0 {
            return Err(E::invalid_value(Unexpected::Unsigned(n), &self));
        }
        T::try_from(n).map_err(|_| E::invalid_value(Unexpected::Unsigned(n), &"a smaller number"))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<T, E> {
        match u64::try_from(n) {
            Ok(n) => self.visit_u64(n),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(n), &self)),
        }
    }
}

/// `deserialize_with` for the jitter: a number from 0.0 to 1.0.
pub(super) fn jitter<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(JitterVisitor).map(Some)
}

struct JitterVisitor;

impl<'de> Visitor<'de> for JitterVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number from 0.0 to 1.0")
    }

    fn visit_f64<E: de::Error>(self, share: f64) -> Result<f64, E> {
        if (0.0..=1.0).contains(&share) {
            Ok(share)
        } else {
            Err(E::invalid_value(Unexpected::Float(share), &self))
        }
    }

    fn visit_u64<E: de::Error>(self, share: u64) -> Result<f64, E> {
        match share {
            0 | 1 => Ok(share as f64),
            _ => Err(E::invalid_value(Unexpected::Unsigned(share), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, share: i64) -> Result<f64, E> {
        match u64::try_from(share) {
            Ok(share) => self.visit_u64(share),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(share), &self)),
        }
    }
}

/// `deserialize_with` for a secret list: at least one, none empty.
fn secrets<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    d.deserialize_seq(SecretsVisitor).map(Some)
}

struct SecretsVisitor;

impl<'de> Visitor<'de> for SecretsVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a list of secrets, like ["whsec_…"]"#)
    }

    fn visit_str<E: de::Error>(self, _secret: &str) -> Result<Vec<String>, E> {
        // Not `Unexpected::Str`: that would print the secret.
        Err(E::invalid_type(Unexpected::Other("a string"), &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut secrets = Vec::new();
        while let Some(secret) = seq.next_element::<String>()? {
            if secret.trim().is_empty() {
                // Never echo a secret, not even an empty one.
                return Err(de::Error::custom(
                    "a secret is empty; remove it or fill it in",
                ));
            }
            secrets.push(secret);
        }
        if secrets.is_empty() {
            return Err(de::Error::custom(
                "the list is empty; list at least one secret, or remove `secrets` to use \
                 `secret_env` or {ENDPOINT}_WEBHOOK_SECRET",
            ));
        }
        Ok(secrets)
    }
}

/// An `[endpoints.NAME]` table as written, before its keys are checked together.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEndpoint {
    #[serde(default, deserialize_with = "non_empty")]
    provider: Option<String>,
    #[serde(default, deserialize_with = "secrets")]
    secrets: Option<Vec<String>>,
    #[serde(default, deserialize_with = "non_empty")]
    secret_env: Option<String>,
    #[serde(default, deserialize_with = "path")]
    path: Option<String>,
    #[serde(default, deserialize_with = "non_empty")]
    public_url: Option<String>,
    #[serde(default, deserialize_with = "tolerance")]
    tolerance: Option<Option<Duration>>,
    #[serde(default, deserialize_with = "at_least_one")]
    body_limit: Option<usize>,
}

impl TryFrom<RawEndpoint> for EndpointConfig {
    type Error = &'static str;

    fn try_from(raw: RawEndpoint) -> Result<Self, Self::Error> {
        let RawEndpoint {
            provider,
            secrets,
            secret_env,
            path,
            public_url,
            tolerance,
            body_limit,
        } = raw;
        if secrets.is_some() && secret_env.is_some() {
            return Err("both `secrets` and `secret_env` are set; keep one of them");
        }
        Ok(EndpointConfig {
            provider,
            secrets: secrets
                .unwrap_or_default()
                .into_iter()
                .map(|secret| Secret::new(secret.into_bytes()))
                .collect(),
            secret_env,
            path,
            public_url,
            tolerance,
            body_limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_units_or_seconds() {
        let secs = |n| Ok(Duration::from_secs(n));
        assert_eq!(parse_duration("30d"), secs(30 * 24 * 3600));
        assert_eq!(parse_duration("2h 30m"), secs(9000));
        assert_eq!(parse_duration(" 45 "), secs(45));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        let error = parse_duration("5 parsecs").err().map(|e| e.to_string());
        let error = error.unwrap_or_default();
        assert!(
            error.starts_with("invalid duration `5 parsecs`: "),
            "{error}"
        );
        assert!(error.contains("like `30s`"), "{error}");
        assert!(parse_duration("").is_err());
        assert!(parse_duration("-5").is_err());
    }

    #[test]
    fn modes_suggest_the_near_one() {
        assert_eq!(parse_mode("queued"), Ok(Mode::Queued));
        assert_eq!(
            parse_mode("queud"),
            Err("unknown mode `queud`; did you mean `queued`?".to_owned())
        );
    }
}
