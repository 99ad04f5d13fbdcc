//! Where the deliveries are: `--log` (a file log), else the store at `--store`, else
//! `WEBHOOK_STORE_URL`, else the configuration file's `[store] url`, else its
//! `[log] file`.

use std::path::{Path, PathBuf};

use webhook::config::{CONFIG_VAR, STORE_URL_VAR};
use webhook::Config;

use crate::error::CliError;

/// The configuration file read when neither `--config` nor `WEBHOOK_CONFIG` names one.
const DEFAULT_CONFIG: &str = "webhook.toml";

/// Where the deliveries are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A store's URL.
    Store(String),
    /// A file log's path.
    Log(PathBuf),
}

/// The source: `--log`, else [`store_url`], else the config file's `[log] file`.
pub(crate) fn source(
    store: Option<&str>,
    log: Option<&Path>,
    config: Option<&Path>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Source, CliError> {
    if let Some(log) = log {
        return Ok(Source::Log(log.to_path_buf()));
    }
    store_url(store, config, env)
}

/// The store URL, from the first of `--store`, `WEBHOOK_STORE_URL`, and the config
/// file (`--config`, `WEBHOOK_CONFIG`, `./webhook.toml` if present), whose `[log] file`
/// is the source when it has no `[store] url`.
fn store_url(
    store: Option<&str>,
    config: Option<&Path>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Source, CliError> {
    let set = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    if let Some(url) = set(store.map(str::to_owned)).or_else(|| set(env(STORE_URL_VAR))) {
        return Ok(Source::Store(url));
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
    match (config.store.url, config.log.file) {
        (Some(url), _) => Ok(Source::Store(url)),
        (None, Some(log)) => Ok(Source::Log(log)),
        (None, None) => Err(CliError::NoStoreInConfig(file)),
    }
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
        let url = source(Some("flag.db"), None, None, env).ok();
        assert_eq!(url, Some(Source::Store("flag.db".to_owned())));
        let url = source(None, None, None, env).ok();
        assert_eq!(url, Some(Source::Store("from-env.db".to_owned())));
        let log = source(None, Some(Path::new("hooks.jsonl")), None, env).ok();
        assert_eq!(log, Some(Source::Log(PathBuf::from("hooks.jsonl"))));
    }

    #[test]
    fn a_config_without_a_store_gives_its_file_log() {
        let dir = std::env::temp_dir().join(format!("webhook-cli-locate-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let config = dir.join("webhook.toml");
        let _ = std::fs::write(&config, "[log]\nfile = \"logs/hooks.jsonl\"\n");
        let found = source(None, None, Some(&config), |_| None).ok();
        assert_eq!(found, Some(Source::Log(PathBuf::from("logs/hooks.jsonl"))));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn sqlite_paths_must_exist() {
        assert!(check_sqlite_exists("sqlite:///no/such/dir/x.db").is_err());
        assert!(check_sqlite_exists("/no/such/dir/x.db?mode=rwc").is_err());
        assert!(check_sqlite_exists("postgres://u@h/db").is_ok());
        assert!(check_sqlite_exists("mysql://u@h/db").is_ok());
    }
}
