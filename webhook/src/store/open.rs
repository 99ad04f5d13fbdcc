//! [`open`]: a store from a URL, the backend picked by its scheme.

use std::sync::Arc;

use super::error::{redact_url, StoreError};
use super::options::StoreOptions;
use super::Store;

/// Opens the store `url` names, with default options; see [`open_with`].
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    open_with(url, StoreOptions::default()).await
}

/// Opens the store `url` names, running its migrations:
///
/// | `url` | backend |
/// |---|---|
/// | `sqlite://deliveries.db`, `sqlite:deliveries.db`, `sqlite:///var/lib/app/deliveries.db` | `SqliteStore` (feature `sqlite`) |
/// | `deliveries.db`, `/var/lib/app/deliveries.db` (no scheme) | `SqliteStore` |
/// | `postgres://user:password@host:5432/database`, `postgresql://…` | `PostgresStore` (feature `postgres`) |
pub async fn open_with(url: &str, options: StoreOptions) -> Result<Arc<dyn Store>, StoreError> {
    match Backend::of(url)? {
        Backend::Sqlite(path) => open_sqlite(url, path, options).await,
        Backend::Postgres => open_postgres(url, options).await,
    }
}

/// The backend a URL names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Backend<'a> {
    /// With the file's path.
    Sqlite(&'a str),
    Postgres,
}

impl<'a> Backend<'a> {
    pub(crate) fn of(url: &'a str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Backend::Postgres);
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            // Connection parameters (`?mode=rwc`) are sqlx's business, not a file name.
            let path = path.split_once('?').map_or(path, |(path, _)| path);
            if !path.is_empty() && path != ":memory:" {
                return Ok(Backend::Sqlite(path));
            }
        } else if !url.is_empty() && !url.contains("://") {
            return Ok(Backend::Sqlite(url));
        }
        Err(StoreError::UnsupportedUrl {
            url: redact_url(url),
        })
    }
}

#[cfg(feature = "sqlite")]
async fn open_sqlite(
    _url: &str,
    path: &str,
    options: StoreOptions,
) -> Result<Arc<dyn Store>, StoreError> {
    Ok(Arc::new(
        super::SqliteStore::open_with(path, options).await?,
    ))
}

#[cfg(not(feature = "sqlite"))]
async fn open_sqlite(
    url: &str,
    _path: &str,
    _options: StoreOptions,
) -> Result<Arc<dyn Store>, StoreError> {
    Err(StoreError::BackendDisabled {
        url: redact_url(url),
        feature: "sqlite",
    })
}

#[cfg(feature = "postgres")]
async fn open_postgres(url: &str, options: StoreOptions) -> Result<Arc<dyn Store>, StoreError> {
    Ok(Arc::new(
        super::PostgresStore::connect_with(url, options).await?,
    ))
}

#[cfg(not(feature = "postgres"))]
async fn open_postgres(url: &str, _options: StoreOptions) -> Result<Arc<dyn Store>, StoreError> {
    Err(StoreError::BackendDisabled {
        url: redact_url(url),
        feature: "postgres",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_pick_backends() {
        let of = |url| Backend::of(url).ok();
        assert_eq!(of("sqlite://hooks.db"), Some(Backend::Sqlite("hooks.db")));
        assert_eq!(of("sqlite:hooks.db"), Some(Backend::Sqlite("hooks.db")));
        assert_eq!(
            of("sqlite:///var/x.db?mode=rwc"),
            Some(Backend::Sqlite("/var/x.db"))
        );
        assert_eq!(of("/var/lib/x.db"), Some(Backend::Sqlite("/var/lib/x.db")));
        assert_eq!(of("x.db"), Some(Backend::Sqlite("x.db")));
        assert_eq!(of("postgres://u@h/db"), Some(Backend::Postgres));
        assert_eq!(of("postgresql://u@h/db"), Some(Backend::Postgres));
        assert_eq!(of("mysql://u@h/db"), None);
        assert_eq!(of("sqlite::memory:"), None);
        assert_eq!(of(""), None);
    }

    #[test]
    fn unsupported_urls_hide_passwords() {
        let error = Backend::of("mysql://u:hunter2@h/db")
            .err()
            .map(|e| e.to_string());
        let error = error.unwrap_or_default();
        assert!(error.contains("mysql://u:***@h/db"), "{error}");
        assert!(error.contains("sqlite://"), "{error}");
    }
}
