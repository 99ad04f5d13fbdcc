//! [`ConfigError`], and turning TOML and serde errors into messages that name the
//! file, the line and the key.

use std::path::PathBuf;

use super::Config;

/// Why a configuration could not be loaded. Each message says where and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error(
        "could not read the configuration file `{}`: {source}; check the path (passed to \
         `Config::load`, or set by WEBHOOK_CONFIG) and that the file is readable",
        path.display()
    )]
    Read {
        /// The file's path.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The text is not valid TOML, or has a key the format does not have, or a value
    /// of the wrong kind.
    #[error("{}: {problem}", place(origin, *position))]
    Invalid {
        /// The file's path, or `<string>` for [`Config::from_toml_str`].
        origin: String,
        /// The line and column (from 1) of the key or value at fault, when known.
        position: Option<(usize, usize)>,
        /// The key's path, like `endpoints.stripe.tolerance`; empty for a syntax error.
        key: String,
        /// What is wrong and what is expected.
        problem: String,
    },
    /// An environment override holds a value that cannot be used.
    #[error(
        "environment variable {variable}: {problem}; fix it, or unset it to keep the file's value"
    )]
    Env {
        /// The variable's name.
        variable: &'static str,
        /// What is wrong and what is expected.
        problem: String,
    },
}

/// `webhook.toml:12:5`, or the origin alone.
fn place(origin: &str, position: Option<(usize, usize)>) -> String {
    match position {
        Some((line, column)) => format!("{origin}:{line}:{column}"),
        None => origin.to_owned(),
    }
}

/// Parses `text` (from `origin`, for messages) into a [`Config`].
pub(super) fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
    let deserializer = toml::Deserializer::parse(text).map_err(|error| {
        let problem = format!("invalid TOML: {}", error.message().trim_end());
        invalid(text, origin, "", &error, problem)
    })?;
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let key = error.path().to_string();
        // The root's path prints as `.`.
        let key = if key == "." { "" } else { key.as_str() };
        let problem = describe(key, error.inner().message());
        invalid(text, origin, key, error.inner(), problem)
    })
}

fn invalid(
    text: &str,
    origin: &str,
    key: &str,
    error: &toml::de::Error,
    problem: String,
) -> ConfigError {
    ConfigError::Invalid {
        origin: origin.to_owned(),
        position: error.span().map(|span| line_and_column(text, span.start)),
        key: key.to_owned(),
        problem,
    }
}

/// The message for a key: an unknown key gets a "did you mean"; other messages are
/// prefixed with the key.
fn describe(key: &str, message: &str) -> String {
    let message = message.trim_end();
    if let Some((_, expected)) = unknown_field(message) {
        let name = key.rsplit('.').next().unwrap_or(key);
        let hint = webhook_catalog::suggest::hint(name, expected.iter().copied());
        return format!("unknown key `{key}`{hint}");
    }
    if key.is_empty() {
        message.to_owned()
    } else {
        format!("`{key}`: {message}")
    }
}

/// Reads serde's ``unknown field `x`, expected one of `a`, `b` `` into the field and the
/// names expected.
fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).collect::<Vec<&str>>();
    Some((field, expected))
}

/// The line and column (from 1, in characters) of byte `offset` in `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_read_from_serde_messages() {
        assert_eq!(
            unknown_field("unknown field `tolernce`, expected one of `path`, `tolerance`"),
            Some(("tolernce", vec!["path", "tolerance"]))
        );
        assert_eq!(
            unknown_field("unknown field `x`, expected `url` or `retention`"),
            Some(("x", vec!["url", "retention"]))
        );
        assert_eq!(
            unknown_field("unknown field `x`, there are no fields"),
            Some(("x", vec![]))
        );
        assert_eq!(unknown_field("invalid type: string"), None);
    }

    #[test]
    fn positions_count_from_one() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 6), (2, 1));
        assert_eq!(line_and_column(text, 9), (2, 3));
    }
}
