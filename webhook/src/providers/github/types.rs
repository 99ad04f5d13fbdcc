//! Placeholder until the ready-made GitHub types land.
use serde::{Deserialize, Serialize};
/// A push.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PushEvent {
    /// The full ref.
    #[serde(rename = "ref")]
    pub git_ref: String,
}
/// A pull request event.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PullRequestEvent {
    /// The action.
    pub action: Option<String>,
    /// The PR number.
    pub number: u64,
}
