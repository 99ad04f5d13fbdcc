//! The environment overrides: `WEBHOOK_*` variables applied over the file.

use super::de::{check_path, parse_duration, parse_mode};
use super::{Config, ConfigError};

/// The configuration file [`Config::load`] reads instead of its argument.
pub const CONFIG_VAR: &str = "WEBHOOK_CONFIG";
/// Overrides `prefix`.
pub const PREFIX_VAR: &str = "WEBHOOK_PREFIX";
/// Overrides `mode` (`inline` or `queued`).
pub const MODE_VAR: &str = "WEBHOOK_MODE";
/// Overrides `[store] url`.
pub const STORE_URL_VAR: &str = "WEBHOOK_STORE_URL";
/// Overrides `[store] retention`.
pub const RETENTION_VAR: &str = "WEBHOOK_RETENTION";
/// Overrides `[workers] count`.
pub const WORKERS_VAR: &str = "WEBHOOK_WORKERS";

/// Reads the process environment; a value that is not Unicode counts as unset.
pub(super) fn process(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A variable's value through `env`; empty counts as unset.
pub(super) fn value(env: &mut impl FnMut(&str) -> Option<String>, name: &str) -> Option<String> {
    env(name).filter(|value| !value.trim().is_empty())
}

/// `config` with every override `env` sets.
pub(super) fn apply(
    mut config: Config,
    mut env: impl FnMut(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    let bad =
        |variable: &'static str| move |problem: String| ConfigError::Env { variable, problem };
    if let Some(prefix) = value(&mut env, PREFIX_VAR) {
        config.prefix = Some(check_path(prefix.trim()).map_err(bad(PREFIX_VAR))?);
    }
    if let Some(mode) = value(&mut env, MODE_VAR) {
        config.mode = Some(parse_mode(mode.trim()).map_err(bad(MODE_VAR))?);
    }
    if let Some(url) = value(&mut env, STORE_URL_VAR) {
        config.store.url = Some(url.trim().to_owned());
    }
    if let Some(retention) = value(&mut env, RETENTION_VAR) {
        let retention =
            parse_duration(&retention).map_err(|e| bad(RETENTION_VAR)(e.to_string()))?;
        config.store.retention = Some(retention);
    }
    if let Some(workers) = value(&mut env, WORKERS_VAR) {
        config.workers.count = Some(parse_count(&workers).map_err(bad(WORKERS_VAR))?);
    }
    Ok(config)
}

/// A whole number of at least 1.
fn parse_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(count) if count >= 1 => Ok(count),
        _ => Err(format!("`{text}` is not a whole number of at least 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_positive_whole_numbers() {
        assert_eq!(parse_count(" 8 "), Ok(8));
        assert!(parse_count("0").is_err());
        assert!(parse_count("-1").is_err());
        assert!(parse_count("four").is_err());
    }
}
