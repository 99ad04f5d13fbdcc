//! [`CliError`]: why a command failed, each message saying what to do.

use std::path::PathBuf;

use webhook::store::StoreError;
use webhook::ConfigError;

/// Why a command failed. Printed to stderr as `error: …`, exit code 1.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// No store was given anywhere.
    #[error(
        "no delivery store given: pass --store URL (a SQLite file, sqlite://PATH or \
         postgres://…), set WEBHOOK_STORE_URL, or put `url = \"…\"` under [store] in \
         ./webhook.toml (or in the file --config or WEBHOOK_CONFIG names); for a file log, \
         pass --log PATH or put `file = \"…\"` under [log]"
    )]
    NoStore,
    /// The configuration file named has no store URL.
    #[error(
        "the configuration file `{}` has no [store] url nor [log] file: add `url = \"…\"` \
         under [store], pass --store URL (or --log PATH), or set WEBHOOK_STORE_URL",
        .0.display()
    )]
    NoStoreInConfig(PathBuf),
    /// A SQLite store that does not exist: opening would create an empty one.
    #[error(
        "no delivery store at `{}`: check the path (relative paths start from the current \
         directory); the receiver creates the file when it first starts",
        .0.display()
    )]
    NoSqliteFile(PathBuf),
    /// A PostgreSQL URL, and this build has no PostgreSQL support.
    #[error(
        "this `webhook` was built without PostgreSQL support: reinstall it with \
         `cargo install webhook-cli --features postgres`, or build it with `--features postgres`"
    )]
    PostgresDisabled,
    /// `replay` without an id, a filter or `--all`.
    #[error(
        "replay needs a delivery id, a filter (--provider, --endpoint, --event, --status, \
         --since, --until), or --all to replay every delivery"
    )]
    EmptyReplayFilter,
    /// `--status duplicate` against a store.
    #[error("`duplicate` is a status of file logs only: a store counts a duplicate on the delivery it repeats")]
    DuplicateInStore,
    /// `replay` or `prune` with a file log.
    #[error("`{0}` needs a delivery store; a file log is read-only (list and show read it)")]
    LogIsReadOnly(&'static str),
    /// The file log could not be read.
    #[error("could not read the file log at `{}`: {error}", .path.display())]
    Log {
        /// The log's path.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// `show ID` with an id the file log does not have.
    #[error("the file log at `{}` has no line with id {id}: `webhook list --log …` shows the ids", .path.display())]
    NoSuchLine {
        /// The log's path.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// `trigger` with a provider that is not built in.
    #[error("`{provider}` is not a built-in provider{hint}")]
    UnknownProvider {
        /// As given.
        provider: String,
        /// `; did you mean …?`, or the list.
        hint: String,
    },
    /// `trigger` for a provider without a sample yet.
    #[error(
        "`webhook trigger` has no sample for `{provider}` yet; it has samples for {available}"
    )]
    NoSample {
        /// The provider.
        provider: &'static str,
        /// The providers it has samples for.
        available: String,
    },
    /// `trigger` with an event the provider does not publish.
    #[error("unknown {provider} event `{event}`{hint}")]
    UnknownEvent {
        /// The provider.
        provider: &'static str,
        /// As given.
        event: String,
        /// `; did you mean …?`, or the list.
        hint: String,
    },
    /// `trigger` without a secret.
    #[error("no secret to sign with: pass --secret, or set {variable} (the variable the receiver reads)")]
    NoTriggerSecret {
        /// The provider's variable.
        variable: String,
    },
    /// `trigger` with a secret the provider's signing cannot use.
    #[error("cannot sign as {provider} with this secret: {reason}")]
    BadTriggerSecret {
        /// The provider.
        provider: &'static str,
        /// Why.
        reason: String,
    },
    /// `trigger --to` is not an http(s) URL.
    #[error(
        "`{0}` is not an http:// or https:// URL (like http://127.0.0.1:3000/webhooks/stripe)"
    )]
    BadTarget(String),
    /// `trigger` could not send.
    #[error("could not send to {url}: {error}")]
    TriggerSend {
        /// Where.
        url: String,
        /// What went wrong.
        error: String,
    },
    /// The receiver answered, not with a 2xx.
    #[error("the receiver answered {0}, not 2xx")]
    TriggerAnswered(u16),
    /// The configuration file could not be read.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `webhook send` did not deliver.
    #[error(transparent)]
    Send(#[from] crate::send::SendError),
    /// The outbox refused or failed.
    #[error(transparent)]
    Outbox(webhook::outgoing::outbox::OutboxError),
    /// Writing the output failed.
    #[error("could not write the output: {0}")]
    Output(#[from] std::io::Error),
}
