//! Where the store is: `--store`, else `WEBHOOK_STORE_URL`, else the configuration
//! file's `[store] url`.

use std::path::{Path, PathBuf};

use webhook::config::{CONFIG_VAR, STORE_URL_VAR};
use webhook::Config;

use crate::error::CliError;

/// The configuration file read when neither `--config` nor `WEBHOOK_CONFIG` names one.
const DEFAULT_CONFIG: &str = "webhook.toml";

/// The store URL, from the first of `--store`, `WEBHOOK_STORE_URL`, and the config
/// file (`--config`, `WEBHOOK_CONFIG`, `./webhook.toml` if present).
pub(crate) fn store_url(
    store: Option<&str>,
    config: Option<&Path>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<String, CliError> {
    let set = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    if let Some(url) = set(store.map(str::to_owned)).or_else(|| set(env(STORE_URL_VAR))) {
        return Ok(url);
    }
    let named = config
        .map(Path::to_path_buf)
        .or_else(|| set(env(CONFIG_VAR)).map(PathBuf::from));
    let file = match named {
        Some(file) => file,
        None if Path::new(DEFAULT_CONFIG).is_file() => PathBuf::from(DEFAULT_CONFIG),
        None => return Err(CliError::NoStore),
    };
    // Only the file: the overrides were looked at above, and secrets are not needed.
    let config = Config::load_with(&file, |_| None)?;
    config.store.url.ok_or(CliError::NoStoreInConfig(file))
}

/// Refuses a SQLite URL whose file does not exist, which opening would create empty.
pub(crate) fn check_sqlite_exists(url: &str) -> Result<(), CliError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(());
    }
    let path = match url.strip_prefix("sqlite:") {
        Some(rest) => rest.strip_prefix("//").unwrap_or(rest),
        None if url.contains("://") => return Ok(()), // unsupported: `open` says so
        None => url,
    };
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    if path.is_empty() || path == ":memory:" || Path::new(path).exists() {
        return Ok(());
    }
    Err(CliError::NoSqliteFile(PathBuf::from(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_then_the_variable() {
        let env = |name: &str| (name == STORE_URL_VAR).then(|| "from-env.db".to_owned());
        let url = store_url(Some("flag.db"), None, env).ok();
        assert_eq!(url.as_deref(), Some("flag.db"));
        let url = store_url(None, None, env).ok();
        assert_eq!(url.as_deref(), Some("from-env.db"));
    }

    #[test]
    fn sqlite_paths_must_exist() {
        assert!(check_sqlite_exists("sqlite:///no/such/dir/x.db").is_err());
        assert!(check_sqlite_exists("/no/such/dir/x.db?mode=rwc").is_err());
        assert!(check_sqlite_exists("postgres://u@h/db").is_ok());
        assert!(check_sqlite_exists("mysql://u@h/db").is_ok());
    }
}
