//! The command line: subcommands, flags, and the parsers of their values.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use clap::{Args, Parser, Subcommand};
use webhook::store::{DeliveryFilter, DeliveryStatus};

use crate::error::CliError;

/// Lists, shows, replays and prunes the deliveries a webhook receiver logged.
#[derive(Debug, Parser)]
#[command(name = "webhook", version, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    /// The delivery store: a SQLite file, sqlite://PATH, or postgres://USER:PASSWORD@HOST/DB
    /// [default: $WEBHOOK_STORE_URL, else the configuration file's [store] url]
    #[arg(long, global = true, value_name = "URL", help_heading = "Store")]
    pub(crate) store: Option<String>,
    /// A receiver's file log instead of a store (`list` and `show` only)
    /// [default: the configuration file's [log] file, when it has no [store] url]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        help_heading = "Store",
        conflicts_with = "store"
    )]
    pub(crate) log: Option<PathBuf>,
    /// The configuration file holding the store URL
    /// [default: $WEBHOOK_CONFIG, else ./webhook.toml if present]
    #[arg(long, global = true, value_name = "PATH", help_heading = "Store")]
    pub(crate) config: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Examples and where the store is, after `--help`.
const AFTER_HELP: &str = "\
Examples:
  webhook list --status dead --since 1d
  webhook show 42 --body
  webhook replay 42
  webhook replay --provider stripe --status dead --since 2024-05-01
  webhook prune --older-than 30d
  webhook list --log logs/webhooks.jsonl --status rejected
  webhook trigger stripe invoice.paid --to http://127.0.0.1:3000/webhooks/stripe --secret whsec_…
  webhook outbox endpoints --tenant acme
  webhook outbox attempts --tenant acme msg_…

The store is --store URL, else WEBHOOK_STORE_URL, else [store] url in the configuration
file (--config PATH, else WEBHOOK_CONFIG, else ./webhook.toml); a receiver without a
store may keep a file log instead: --log PATH, or [log] file in the configuration file
(list and show read it). Replayed deliveries run when the receiver's workers (started by
`.start(state)`) next poll.";

/// What to do.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List logged deliveries, newest first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// Print one JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one delivery: every field and its headers (secrets redacted).
    Show {
        /// The delivery's id (the first column of `list`).
        id: i64,
        /// Also print the body (pretty-printed when it is JSON).
        #[arg(long)]
        body: bool,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Queue deliveries to run again, attempts reset (rejected and in-progress ones are skipped).
    Replay {
        /// The delivery to replay; or select several with the filter flags.
        #[arg(conflicts_with_all = ["provider", "endpoint", "event", "status", "since", "until", "limit", "all"])]
        id: Option<i64>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Allow a replay without filter flags: every delivery.
        #[arg(long)]
        all: bool,
    },
    /// Send a sample delivery of an event, signed as the provider signs it, and print the answer.
    Trigger {
        /// The provider (stripe, github, shopify, gitlab, slack, …).
        provider: String,
        /// The event (invoice.paid, pull_request.opened, orders/create, …).
        event: String,
        /// The receiver's URL, like http://127.0.0.1:3000/webhooks/stripe.
        #[arg(long, value_name = "URL")]
        to: String,
        /// The secret to sign with [default: $<PROVIDER>_WEBHOOK_SECRET].
        #[arg(long, value_name = "SECRET")]
        secret: Option<String>,
    },
    /// A tenant's outgoing endpoints, messages and attempts (the store's outbox).
    Outbox {
        #[command(subcommand)]
        command: crate::outbox::OutboxCommand,
    },
    /// Delete finished deliveries (succeeded, failed, dead, rejected) older than an age.
    Prune {
        /// The age, like 30d, 12h or 90m (or whole seconds).
        #[arg(long, value_name = "AGE", value_parser = parse_age)]
        older_than: Duration,
    },
    /// Sign one Standard Webhooks message and deliver it to an endpoint (no store needed).
    Send(Box<crate::send::SendArgs>),
}

/// Which deliveries `list` and `replay` act on; every flag given must hold.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct FilterArgs {
    /// Only this provider's deliveries (stripe, github, …).
    #[arg(long, value_name = "PROVIDER")]
    pub(crate) provider: Option<String>,
    /// Only deliveries to this endpoint path (like /webhooks/stripe).
    #[arg(long, value_name = "PATH")]
    pub(crate) endpoint: Option<String>,
    /// Only this event: an exact name, or a prefix ending in * (like 'invoice.*').
    #[arg(long, value_name = "EVENT")]
    pub(crate) event: Option<String>,
    /// Only this status: queued, processing, succeeded, failed, retrying, dead, rejected
    /// (and duplicate, in a file log).
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub(crate) status: Option<StatusArg>,
    /// Only deliveries received at or after this: an age (1h, 7d) or a time
    /// (2024-05-01T12:00:00Z, 2024-05-01).
    #[arg(long, value_name = "WHEN", value_parser = parse_when)]
    pub(crate) since: Option<SystemTime>,
    /// Only deliveries received before this, written like --since.
    #[arg(long, value_name = "WHEN", value_parser = parse_when)]
    pub(crate) until: Option<SystemTime>,
    /// At most this many (list: the newest, default 100; replay: the oldest, default all).
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<u32>,
}

impl FilterArgs {
    /// Whether any condition is given (the limit is no condition).
    pub(crate) fn selects(&self) -> bool {
        let FilterArgs {
            provider,
            endpoint,
            event,
            status,
            since,
            until,
            limit: _,
        } = self;
        provider.is_some()
            || endpoint.is_some()
            || event.is_some()
            || status.is_some()
            || since.is_some()
            || until.is_some()
    }

    /// The store's filter; `duplicate` is a file log's status only.
    pub(crate) fn to_filter(&self) -> Result<DeliveryFilter, CliError> {
        let FilterArgs {
            provider,
            endpoint,
            event,
            status,
            since,
            until,
            limit,
        } = self.clone();
        let mut filter = DeliveryFilter::new();
        filter.provider = provider;
        filter.endpoint = endpoint;
        filter.event = event;
        filter.status = match status {
            None => None,
            Some(StatusArg::Stored(status)) => Some(status),
            Some(StatusArg::Duplicate) => return Err(CliError::DuplicateInStore),
        };
        filter.received_after = since;
        filter.received_before = until;
        filter.limit = limit;
        Ok(filter)
    }
}

/// A `--status`: a store's status, or `duplicate` (a file log's only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusArg {
    Stored(DeliveryStatus),
    Duplicate,
}

impl StatusArg {
    /// The name, as a store and a file log write it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            StatusArg::Stored(status) => status.as_str(),
            StatusArg::Duplicate => "duplicate",
        }
    }
}

fn parse_status(text: &str) -> Result<StatusArg, String> {
    if text == "duplicate" {
        return Ok(StatusArg::Duplicate);
    }
    text.parse()
        .map(StatusArg::Stored)
        .map_err(|error: webhook::store::UnknownStatus| {
            error
                .to_string()
                .replace("unknown delivery status", "unknown status")
                + " (or duplicate, in a file log)"
        })
}

fn parse_age(text: &str) -> Result<Duration, String> {
    webhook::config::parse_duration(text).map_err(|error| error.to_string())
}

/// An age before now (`1h`), an RFC 3339 time, or a date (midnight UTC).
pub(crate) fn parse_when(text: &str) -> Result<SystemTime, String> {
    if let Ok(age) = webhook::config::parse_duration(text) {
        return Ok(SystemTime::now()
            .checked_sub(age)
            .unwrap_or(SystemTime::UNIX_EPOCH));
    }
    let text = text.trim();
    let is_date = text.len() == 10 && text.as_bytes().get(4) == Some(&b'-');
    let time = if is_date {
        humantime::parse_rfc3339(&format!("{text}T00:00:00Z"))
    } else {
        humantime::parse_rfc3339_weak(text)
    };
    time.map_err(|_| {
        format!(
            "`{text}` is neither an age (like 1h, 30m, 7d) nor a time \
             (like 2024-05-01T12:00:00Z or 2024-05-01, in UTC)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_is_an_age_a_time_or_a_date() {
        let hour_ago = parse_when("1h").unwrap_or(SystemTime::UNIX_EPOCH);
        let elapsed = hour_ago.elapsed().unwrap_or_default();
        assert!(elapsed >= Duration::from_secs(3600) && elapsed < Duration::from_secs(3700));
        let at = |secs| Ok(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(parse_when("2024-05-01T00:00:10Z"), at(1_714_521_610));
        assert_eq!(parse_when("2024-05-01"), at(1_714_521_600));
        assert!(parse_when("yesterday").is_err());
    }

    #[test]
    fn unknown_statuses_list_the_valid_ones() {
        let error = parse_status("deadd").err().unwrap_or_default();
        assert!(error.contains("unknown status `deadd`"), "{error}");
        assert!(error.contains("dead, rejected"), "{error}");
    }
}
