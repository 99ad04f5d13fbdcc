//! Ready-made types for GitHub webhook payloads.
//!
//! Field names follow GitHub's "Webhook events and payloads" reference and the
//! webhook schemas in GitHub's published REST API description (`api.github.com`,
//! REST API version 2022-11-28). Each `*Event` type is a whole delivery body, keyed by
//! the `X-GitHub-Event` header: `push` → [`PushEvent`], `pull_request` →
//! [`PullRequestEvent`], and so on.
//!
//! Forward compatibility rules used throughout:
//!
//! - unknown fields are ignored (so they are also dropped when re-serialized);
//! - fields GitHub documents as nullable, or that only some events or some actions
//!   carry, are `Option`; flags that are `false` when absent, and lists that are empty
//!   when absent, use `#[serde(default)]`;
//! - enum-like strings (`action`, `state`, `status`, `conclusion`, …) are plain
//!   `String`s, since GitHub adds values without notice;
//! - timestamps are the ISO 8601 strings GitHub sends, except where GitHub sends either
//!   a string or unix seconds (a repository's `created_at`/`pushed_at` in `push`
//!   payloads, older installation payloads), which use [`Timestamp`].

use serde::{Deserialize, Serialize};

mod actions;
mod common;
mod events;
mod git;
mod issues;
mod pull_request;
mod release;

pub use actions::*;
pub use common::*;
pub use events::*;
pub use git::*;
pub use issues::*;
pub use pull_request::*;
pub use release::*;

/// A time GitHub sends either as unix seconds or as an ISO 8601 string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Timestamp {
    /// Unix seconds, e.g. `1700000000` (a repository in a `push` payload).
    Unix(i64),
    /// ISO 8601, e.g. `2023-11-14T22:13:20Z`.
    Iso8601(String),
}

impl Timestamp {
    /// The unix seconds, when GitHub sent a number.
    pub fn as_unix(&self) -> Option<i64> {
        match self {
            Timestamp::Unix(seconds) => Some(*seconds),
            Timestamp::Iso8601(_) => None,
        }
    }

    /// The ISO 8601 text, when GitHub sent a string.
    pub fn as_iso8601(&self) -> Option<&str> {
        match self {
            Timestamp::Unix(_) => None,
            Timestamp::Iso8601(text) => Some(text),
        }
    }
}
