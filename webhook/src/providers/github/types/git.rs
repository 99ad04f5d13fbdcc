//! Commits as `push` and `workflow_run` payloads carry them, and the webhook itself as
//! `ping` describes it (GitHub's "push" and "ping" webhook payload schemas).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A commit's author or committer, and a push's `pusher`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct CommitAuthor {
    /// The git name.
    pub name: String,
    /// The git email (may be absent for a `pusher`).
    pub email: Option<String>,
    /// The GitHub login, when the email matches an account.
    pub username: Option<String>,
    /// The git date, ISO 8601 (only on commits).
    pub date: Option<String>,
}

/// A commit in a push (`commits[]`, `head_commit`), or a workflow run's `head_commit`
/// (which has no `url`, `distinct` or file lists).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Commit {
    /// The commit SHA.
    pub id: String,
    /// The tree SHA.
    pub tree_id: Option<String>,
    /// Whether the commit is new to the repository with this push.
    #[serde(default)]
    pub distinct: bool,
    /// The commit message.
    pub message: String,
    /// The commit time, ISO 8601.
    pub timestamp: Option<String>,
    /// Web URL of the commit.
    pub url: Option<String>,
    /// The author.
    pub author: Option<CommitAuthor>,
    /// The committer.
    pub committer: Option<CommitAuthor>,
    /// Paths added.
    #[serde(default)]
    pub added: Vec<String>,
    /// Paths removed.
    #[serde(default)]
    pub removed: Vec<String>,
    /// Paths modified.
    #[serde(default)]
    pub modified: Vec<String>,
}

/// A webhook's delivery settings (`hook.config`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct HookConfig {
    /// `json` or `form`.
    pub content_type: Option<String>,
    /// `"0"` to verify TLS certificates, `"1"` not to (GitHub sends a string or number).
    pub insecure_ssl: Option<Value>,
    /// The delivery URL.
    pub url: Option<String>,
    /// The secret, masked as `********` when set.
    pub secret: Option<String>,
}

/// The webhook that sent a `ping` (`hook`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Hook {
    /// `Repository`, `Organization`, `App`, …
    #[serde(rename = "type")]
    pub hook_type: Option<String>,
    /// The hook id.
    pub id: u64,
    /// Always `web`.
    pub name: Option<String>,
    /// Whether deliveries are sent.
    #[serde(default)]
    pub active: bool,
    /// The events the hook subscribes to (`*` for all).
    #[serde(default)]
    pub events: Vec<String>,
    /// Delivery settings.
    #[serde(default)]
    pub config: HookConfig,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// API URL that triggers a test `push` delivery.
    pub test_url: Option<String>,
    /// API URL that triggers a `ping`.
    pub ping_url: Option<String>,
    /// API URL of the recent deliveries.
    pub deliveries_url: Option<String>,
    /// The last delivery's response code and status.
    pub last_response: Option<Value>,
    /// The app id, for a GitHub App's webhook.
    pub app_id: Option<u64>,
}
