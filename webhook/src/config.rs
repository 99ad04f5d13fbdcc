//! [`Config`]: a router's settings from a TOML file, with environment overrides
//! (feature `config`, on by default).
//!
//! ```no_run
//! use webhook::{router, stripe, webhook, Config};
//!
//! #[webhook(provider = "stripe", event = "invoice.paid")]
//! async fn invoice_paid(event: stripe::Event<stripe::Invoice>) {
//!     println!("invoice {} paid", event.data.object.id);
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // `webhook.toml`, or the file `WEBHOOK_CONFIG` names; `WEBHOOK_*` variables win.
//! let config = Config::load("webhook.toml")?;
//! let mut webhooks = router![invoice_paid];
//! // The store first: `mode`, `[retry]`, `[workers]` and `retention` configure it.
//! if let Some(store) = config.open_store().await? {
//!     webhooks = webhooks.store(store);
//! }
//! let service = webhooks
//!     .configure(&config)?
//!     .secrets_from_env()? // endpoints the file gives no secret: STRIPE_WEBHOOK_SECRET, …
//!     .start(())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, service.router).await?;
//! service.workers.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # The file
//!
//! Every key is optional; what is left out keeps the builder's default. A key the
//! format does not have, or a value of the wrong kind, is an error naming the file,
//! line, key path and what is expected ([`ConfigError::Invalid`]).
//!
#![doc = concat!("```toml\n", include_str!("config/example.toml"), "```")]
//!
//! **Durations** are strings in [humantime](https://docs.rs/humantime) form (`"500ms"`,
//! `"90s"`, `"15m"`, `"2h 30m"`, `"30d"`) or whole numbers of seconds (`300`); the same
//! holds for `WEBHOOK_RETENTION`. [`parse_duration`] reads them.
//!
//! **Secrets** of an endpoint come from its `secrets` list, or from the variable its
//! `secret_env` names (comma-separated for several), read by
//! [`configure`](crate::Webhooks::configure); give one or the other. An endpoint with
//! neither keeps taking its secrets from `{ENDPOINT}_WEBHOOK_SECRET` through
//! [`secrets_from_env`](crate::Webhooks::secrets_from_env). Secrets are never printed:
//! their `Debug` is redacted.
//!
//! # Environment overrides
//!
//! [`Config::load`] and [`Config::from_env_only`] apply these after the file; an empty
//! variable counts as unset, and a bad value is a [`ConfigError::Env`] naming it.
//!
//! | variable | overrides |
//! |---|---|
//! | `WEBHOOK_CONFIG` | the file [`Config::load`] reads, instead of its argument |
//! | `WEBHOOK_PREFIX` | `prefix` |
//! | `WEBHOOK_MODE` | `mode` (`inline` or `queued`) |
//! | `WEBHOOK_STORE_URL` | `[store] url` |
//! | `WEBHOOK_RETENTION` | `[store] retention` |
//! | `WEBHOOK_WORKERS` | `[workers] count` |
//! | `{ENDPOINT}_WEBHOOK_SECRET` | nothing: read by `secrets_from_env` for endpoints the file gives no secret |

mod de;
mod env;
mod error;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

pub use de::{parse_duration, DurationError};
pub use env::{CONFIG_VAR, MODE_VAR, PREFIX_VAR, RETENTION_VAR, STORE_URL_VAR, WORKERS_VAR};
pub use error::ConfigError;

use crate::handler::Mode;
use crate::secret::Secret;

/// A router's settings: the parsed file plus environment overrides. See the
/// [module docs](self) for the format, the variables and an example.
///
/// Apply it with [`Webhooks::configure`](crate::Webhooks::configure); open its store
/// with [`open_store`](Config::open_store).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// The path prefix of default endpoint paths (`prefix`).
    #[serde(default, deserialize_with = "de::path")]
    pub prefix: Option<String>,
    /// The mode of handlers whose attribute sets none (`mode`).
    #[serde(default, deserialize_with = "de::mode")]
    pub mode: Option<Mode>,
    /// Time to receive a whole body (`read_timeout`).
    #[serde(default, deserialize_with = "de::duration")]
    pub read_timeout: Option<Duration>,
    /// Time one handler may run (`handler_timeout`).
    #[serde(default, deserialize_with = "de::duration")]
    pub handler_timeout: Option<Duration>,
    /// The `[store]` table.
    #[serde(default)]
    pub store: StoreConfig,
    /// The `[retry]` table, if the file has one.
    #[serde(default)]
    pub retry: Option<RetryConfig>,
    /// The `[workers]` table.
    #[serde(default)]
    pub workers: WorkersConfig,
    /// The `[endpoints.NAME]` tables, by endpoint name.
    #[serde(default)]
    pub endpoints: BTreeMap<String, EndpointConfig>,
    /// The `[log]` table: the file log.
    #[serde(default)]
    pub log: LogConfig,
}

/// The `[store]` table: where deliveries are logged.
#[derive(Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StoreConfig {
    /// The URL `webhook::store::open` takes (`url`). May hold a password: its
    /// `Debug` hides it.
    #[serde(default, deserialize_with = "de::non_empty")]
    pub url: Option<String>,
    /// Finished deliveries older than this are deleted (`retention`).
    #[serde(default, deserialize_with = "de::duration")]
    pub retention: Option<Duration>,
}

impl fmt::Debug for StoreConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreConfig")
            .field("url", &self.url.as_deref().map(hide_credentials))
            .field("retention", &self.retention)
            .finish()
    }
}

/// `postgres://user:pw@host/db?password=x` → `postgres://***@host/db?…`: a URL with its
/// user info and query left out, for `Debug`.
fn hide_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (rest, query) = match rest.split_once('?') {
        Some((rest, _)) => (rest, "?…"),
        None => (rest, ""),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://***@{host}{}{query}", &rest[authority_end..]),
        None => format!("{scheme}://{rest}{query}"),
    }
}

/// The `[log]` table: the file log of an app without a database (feature `file-log`;
/// see [`webhook::file_log`](https://docs.rs/webhook/latest/webhook/file_log/)). Keys
/// left out keep [`FileLog`](https://docs.rs/webhook/latest/webhook/file_log/struct.FileLog.html)'s
/// defaults; without `file` there is no file log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LogConfig {
    /// The log file's path (`file`), relative to the working directory.
    #[serde(default)]
    pub file: Option<PathBuf>,
    /// Rotate the file once it holds this many bytes (`max_bytes`).
    #[serde(default, deserialize_with = "de::at_least_one")]
    pub max_bytes: Option<u64>,
    /// Rotate the file at the first line of each day (`daily`).
    #[serde(default)]
    pub daily: Option<bool>,
    /// Rotated files kept (`keep`).
    #[serde(default)]
    pub keep: Option<usize>,
    /// Sync the file to the disk before answering (`sync`).
    #[serde(default)]
    pub sync: Option<bool>,
    /// Deliveries the in-memory dedupe window remembers; 0 turns dedupe off
    /// (`dedupe_capacity`).
    #[serde(default)]
    pub dedupe_capacity: Option<usize>,
    /// How long the dedupe window remembers a delivery (`dedupe_window`).
    #[serde(default, deserialize_with = "de::duration")]
    pub dedupe_window: Option<Duration>,
}

#[cfg(feature = "file-log")]
impl LogConfig {
    /// The file log these keys describe, if `file` is set.
    pub fn file_log(&self) -> Option<crate::file_log::FileLog> {
        let LogConfig {
            file,
            max_bytes,
            daily,
            keep,
            sync,
            dedupe_capacity,
            dedupe_window,
        } = self;
        let mut log = crate::file_log::FileLog::new(file.clone()?);
        if let Some(bytes) = max_bytes {
            log = log.max_bytes(*bytes);
        }
        if *daily == Some(true) {
            log = log.daily();
        }
        if let Some(keep) = keep {
            log = log.keep(*keep);
        }
        if let Some(sync) = sync {
            log = log.sync(*sync);
        }
        let capacity = dedupe_capacity.unwrap_or(crate::file_log::DEFAULT_DEDUPE_CAPACITY);
        let window = dedupe_window.unwrap_or(crate::file_log::DEFAULT_DEDUPE_WINDOW);
        Some(log.dedupe(capacity, window))
    }
}

/// The `[retry]` table: backoff of queued deliveries that fail. Keys left out keep
/// [`RetryPolicy::default`](crate::store::RetryPolicy)'s values.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in all, the first included; at least 1 (`max_attempts`).
    #[serde(default, deserialize_with = "de::at_least_one")]
    pub max_attempts: Option<u32>,
    /// The wait after the first failed attempt (`base_delay`).
    #[serde(default, deserialize_with = "de::duration")]
    pub base_delay: Option<Duration>,
    /// The longest wait (`max_delay`).
    #[serde(default, deserialize_with = "de::duration")]
    pub max_delay: Option<Duration>,
    /// The largest share of a wait randomly taken off, `0.0..=1.0` (`jitter`).
    #[serde(default, deserialize_with = "de::jitter")]
    pub jitter: Option<f64>,
}

#[cfg(feature = "store")]
impl RetryConfig {
    /// The policy: the keys set, [`RetryPolicy::default`](crate::store::RetryPolicy)
    /// for the rest.
    pub fn policy(&self) -> crate::store::RetryPolicy {
        let RetryConfig {
            max_attempts,
            base_delay,
            max_delay,
            jitter,
        } = self;
        let default = crate::store::RetryPolicy::default();
        crate::store::RetryPolicy {
            max_attempts: max_attempts.unwrap_or(default.max_attempts),
            base_delay: base_delay.unwrap_or(default.base_delay),
            max_delay: max_delay.unwrap_or(default.max_delay),
            jitter: jitter.unwrap_or(default.jitter),
        }
    }
}

/// The `[workers]` table: the background workers that run queued deliveries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct WorkersConfig {
    /// Workers per process, at least 1 (`count`).
    #[serde(default, deserialize_with = "de::at_least_one")]
    pub count: Option<usize>,
    /// How long a claim holds a delivery (`lease`).
    #[serde(default, deserialize_with = "de::duration")]
    pub lease: Option<Duration>,
}

/// One `[endpoints.NAME]` table: the settings of the endpoint `NAME` (a provider's name
/// for its default endpoint).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
// Read as `RawEndpoint` (which denies unknown keys), then checked as a whole.
#[serde(try_from = "de::RawEndpoint")]
#[non_exhaustive]
pub struct EndpointConfig {
    /// Makes `NAME` an extra endpoint of this provider, as
    /// [`Webhooks::endpoint`](crate::Webhooks::endpoint) does (`provider`).
    pub provider: Option<String>,
    /// The signing secrets, any of which may match (`secrets`).
    pub secrets: Vec<Secret>,
    /// The environment variable holding the secrets, comma-separated (`secret_env`).
    pub secret_env: Option<String>,
    /// The endpoint's full path (`path`; default `{prefix}/{NAME}`).
    pub path: Option<String>,
    /// The URL the provider calls, for schemes that sign it (`public_url`).
    pub public_url: Option<String>,
    /// The timestamp tolerance; `Some(None)` turns the check off (`tolerance`).
    pub tolerance: Option<Option<Duration>>,
    /// The largest body accepted, in bytes (`body_limit`).
    pub body_limit: Option<usize>,
}

impl Config {
    /// Reads the TOML file at `path` (or the one `WEBHOOK_CONFIG` names), then applies
    /// the [environment overrides](self#environment-overrides).
    pub fn load(path: impl AsRef<Path>) -> Result<Config, ConfigError> {
        Self::load_with(path, env::process)
    }

    /// Like [`load`](Self::load), reading variables through `env` (for tests, or to
    /// read none: `|_| None`).
    pub fn load_with(
        path: impl AsRef<Path>,
        mut env: impl FnMut(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let path = env::value(&mut env, CONFIG_VAR)
            .map_or_else(|| path.as_ref().to_owned(), PathBuf::from);
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        error::parse(&text, &path.display().to_string())?.override_from(env)
    }

    /// Parses a TOML document; no environment variable is read.
    pub fn from_toml_str(toml: &str) -> Result<Config, ConfigError> {
        error::parse(toml, "<string>")
    }

    /// The defaults with the [environment overrides](self#environment-overrides)
    /// applied; no file is read, not even `WEBHOOK_CONFIG`'s.
    pub fn from_env_only() -> Result<Config, ConfigError> {
        Config::default().override_from(env::process)
    }

    /// Applies the [environment overrides](self#environment-overrides), reading
    /// variables through `env`.
    pub fn override_from(
        self,
        env: impl FnMut(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        env::apply(self, env)
    }

    /// Opens the configured store (`[store] url`, or `WEBHOOK_STORE_URL`), running its
    /// migrations; `None` when none is configured. Give it to
    /// [`Webhooks::store`](crate::Webhooks::store) before
    /// [`configure`](crate::Webhooks::configure).
    #[cfg(feature = "store")]
    pub async fn open_store(
        &self,
    ) -> Result<Option<std::sync::Arc<dyn crate::store::Store>>, crate::store::StoreError> {
        match &self.store.url {
            Some(url) => crate::store::open(url).await.map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_is_valid() {
        let config = Config::from_toml_str(include_str!("config/example.toml"));
        let config = config.unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(config.endpoints.len(), 2);
        assert_eq!(config.workers.count, Some(4));
    }

    #[test]
    fn debug_hides_store_passwords() {
        assert_eq!(
            hide_credentials("postgres://app:hunter2@db:5432/hooks?sslmode=require"),
            "postgres://***@db:5432/hooks?…"
        );
        assert_eq!(
            hide_credentials("postgres://db/hooks"),
            "postgres://db/hooks"
        );
        assert_eq!(hide_credentials("webhooks.db"), "webhooks.db");
        let config = Config::from_toml_str(
            "[store]\nurl = \"postgres://app:hunter2@db/hooks\"\n[endpoints.stripe]\nsecrets = [\"whsec_hidden\"]",
        );
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("whsec_hidden"), "{printed}");
    }
}
