//! [`StoreError`]: everything the store can refuse or fail at, each saying what to do.

use std::path::PathBuf;

use super::model::{DeliveryId, DeliveryStatus};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The URL given to [`open`](super::open) names no backend this build knows.
    #[error(
        "unsupported store URL `{url}`: use `sqlite://path/to/deliveries.db`, a bare file \
         path, or `postgres://user:password@host/database`"
    )]
    UnsupportedUrl {
        /// The URL, password removed.
        url: String,
    },
    /// The URL names a backend whose Cargo feature is off.
    #[error(
        "the store URL `{url}` needs the `{feature}` feature of the `webhook` crate: \
         enable it in Cargo.toml (`webhook = {{ version = \"…\", features = [\"{feature}\"] }}`)"
    )]
    BackendDisabled {
        /// The URL, password removed.
        url: String,
        /// The feature to enable.
        feature: &'static str,
    },
    /// The SQLite file could not be opened or configured.
    #[error(
        "could not open the SQLite delivery store at `{}`: {source}; check that its \
         directory exists and is writable, and that no other program holds it locked",
        path.display()
    )]
    OpenSqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: sqlx::Error,
    },
    /// PostgreSQL could not be reached or logged into.
    #[error(
        "could not connect the delivery store to PostgreSQL at `{url}`: {source}; check the \
         URL, that the server is running, and that the user may log in to the database"
    )]
    ConnectPostgres {
        /// The URL, password removed.
        url: String,
        /// What the driver said.
        #[source]
        source: sqlx::Error,
    },
    /// A PostgreSQL schema name that is not a plain lower-case identifier.
    #[error(
        "invalid PostgreSQL schema name `{0}` for the delivery store: use lower-case \
         letters, digits and `_`, starting with a letter or `_`"
    )]
    InvalidSchema(String),
    /// The store's tables could not be created or upgraded.
    #[error(
        "could not migrate the delivery store's tables: {source}; the database user needs \
         the right to create tables (and, on PostgreSQL, the schema), and the tables must \
         not have been changed by hand"
    )]
    Migrate {
        /// What the migrator said.
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    /// A query failed.
    #[error("delivery store error while {action}: {source}")]
    Database {
        /// What the store was doing (`recording deliveries`, `claiming deliveries`).
        action: &'static str,
        /// What the database said.
        #[source]
        source: sqlx::Error,
    },
    /// A row the store cannot read back (edited by hand, or written by a newer version).
    #[error("delivery {id} in the store is unreadable: {reason}")]
    Corrupt {
        /// The row.
        id: DeliveryId,
        /// What is wrong with it.
        reason: String,
    },
    /// `complete`, `fail`, `fail_inline` or `renew` by a worker that no longer holds the
    /// delivery's lease.
    #[error(
        "delivery {id} is no longer claimed by worker `{worker}`: its lease expired and \
         another worker took it over, or it was released or replayed; drop this result, \
         the current holder reports its own"
    )]
    LeaseLost {
        /// The row.
        id: DeliveryId,
        /// The worker that asked.
        worker: String,
    },
    /// No row with this id (never stored, or pruned).
    #[error("no delivery {id} in the store (it may have been pruned)")]
    NotFound {
        /// The id asked for.
        id: DeliveryId,
    },
    /// `replay` of a delivery that must not run: a rejected request, or one in progress.
    #[error(
        "delivery {id} cannot be replayed while it is {status}: rejected requests were never \
         verified, and a delivery in progress is replayed once it finishes"
    )]
    NotReplayable {
        /// The row.
        id: DeliveryId,
        /// Its status.
        status: DeliveryStatus,
    },
    /// A write was committed, but could not be synced to disk: it may not survive a
    /// power loss, so its callers are not told it was done (a provider retries a
    /// request that was not acknowledged, and the retry finds the row).
    #[error(
        "could not sync the delivery store's log `{}` to disk: {source}; what was just \
         written may not survive a power loss, so it was not acknowledged (a provider \
         retries such a request); check the disk and its free space",
        path.display()
    )]
    Sync {
        /// The file that could not be synced.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The store was closed with [`close`](super::Store::close).
    #[error("the delivery store is closed: open a new one")]
    Closed,
}

impl StoreError {
    /// A query error, labelled with what the store was doing.
    pub(crate) fn database(action: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
        move |source| match source {
            sqlx::Error::PoolClosed => StoreError::Closed,
            source => StoreError::Database { action, source },
        }
    }

    /// A failed write of the writer's batch ("recording deliveries"), as every backend
    /// reports it.
    pub(crate) fn recording(source: sqlx::Error) -> StoreError {
        StoreError::Database {
            action: "recording deliveries",
            source,
        }
    }
}

/// Why a lease holder's write matched no row, from a look-up of the row's status.
pub(crate) fn lease_error(
    id: DeliveryId,
    worker: &str,
    status: Result<Option<String>, sqlx::Error>,
) -> StoreError {
    match status {
        Ok(None) => StoreError::NotFound { id },
        Ok(Some(_)) => StoreError::LeaseLost {
            id,
            worker: worker.to_owned(),
        },
        Err(source) => StoreError::Database {
            action: "checking a lease",
            source,
        },
    }
}

/// Why a replay by id reset nothing, from the row's status (`None`: no such row).
pub(crate) fn not_replayed(id: DeliveryId, status: Option<String>) -> StoreError {
    match status.map(|name| name.parse::<DeliveryStatus>()) {
        None => StoreError::NotFound { id },
        Some(Ok(status)) => StoreError::NotReplayable { id, status },
        Some(Err(error)) => StoreError::Corrupt {
            id,
            reason: error.to_string(),
        },
    }
}

/// `url` with any password (in the user info or a `password=` parameter) replaced by
/// `***`, for messages and logs.
pub(crate) fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    format!("{scheme}://{authority}{}", redact_password_parameter(tail))
}

/// `…?password=secret&…` → `…?password=***&…`.
fn redact_password_parameter(path_and_query: &str) -> String {
    let Some((path, query)) = path_and_query.split_once('?') else {
        return path_and_query.to_owned();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_removed_from_urls() {
        assert_eq!(
            redact_url("postgres://app:hunter2@db:5432/hooks?sslmode=require"),
            "postgres://app:***@db:5432/hooks?sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://app@db/hooks"),
            "postgres://app@db/hooks"
        );
        assert_eq!(
            redact_url("postgres://db/h?user=a&password=x"),
            "postgres://db/h?user=a&password=***"
        );
        assert_eq!(redact_url("deliveries.db"), "deliveries.db");
    }
}
