//! Issues and their comments (GitHub's "issues" and "issue_comment" webhook payload
//! schemas).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Label, Milestone, Reactions, User};

/// Links to the pull request, on an issue that is one (`issue.pull_request`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct IssuePullRequestLinks {
    /// API URL of the pull request.
    pub url: Option<String>,
    /// Web URL of the pull request.
    pub html_url: Option<String>,
    /// URL of the diff.
    pub diff_url: Option<String>,
    /// URL of the patch.
    pub patch_url: Option<String>,
    /// When it was merged, ISO 8601.
    pub merged_at: Option<String>,
}

/// An issue (`issue`); pull requests are issues too, with `pull_request` set.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Issue {
    /// API URL.
    pub url: Option<String>,
    /// API URL of the repository.
    pub repository_url: Option<String>,
    /// API URL template of the labels.
    pub labels_url: Option<String>,
    /// API URL of the comments.
    pub comments_url: Option<String>,
    /// API URL of the events.
    pub events_url: Option<String>,
    /// Web URL.
    pub html_url: Option<String>,
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The number within the repository.
    pub number: u64,
    /// The title.
    pub title: String,
    /// Who opened it.
    pub user: Option<User>,
    /// The labels.
    #[serde(default)]
    pub labels: Vec<Label>,
    /// `open` or `closed`.
    pub state: Option<String>,
    /// Why it is in its state, e.g. `completed`, `not_planned`, `reopened`.
    pub state_reason: Option<String>,
    /// Whether conversation is locked.
    #[serde(default)]
    pub locked: bool,
    /// The first assignee.
    pub assignee: Option<User>,
    /// The assignees.
    #[serde(default)]
    pub assignees: Vec<User>,
    /// The milestone.
    pub milestone: Option<Milestone>,
    /// Number of comments.
    #[serde(default)]
    pub comments: u64,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// When it was closed, ISO 8601.
    pub closed_at: Option<String>,
    /// The author's relation to the repository, e.g. `OWNER`.
    pub author_association: Option<String>,
    /// Why conversation was locked.
    pub active_lock_reason: Option<String>,
    /// Whether it is a draft (pull requests only).
    pub draft: Option<bool>,
    /// Set when the issue is a pull request.
    pub pull_request: Option<IssuePullRequestLinks>,
    /// The description, in Markdown.
    pub body: Option<String>,
    /// Reaction counts.
    pub reactions: Option<Reactions>,
    /// API URL of the timeline.
    pub timeline_url: Option<String>,
    /// The GitHub App that created it, if one did.
    pub performed_via_github_app: Option<Value>,
}

/// A comment on an issue or pull request (`comment` in `issue_comment`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Comment {
    /// API URL.
    pub url: Option<String>,
    /// Web URL.
    pub html_url: Option<String>,
    /// API URL of the issue.
    pub issue_url: Option<String>,
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// Who wrote it.
    pub user: Option<User>,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// The author's relation to the repository, e.g. `MEMBER`.
    pub author_association: Option<String>,
    /// The text, in Markdown.
    pub body: String,
    /// Reaction counts.
    pub reactions: Option<Reactions>,
    /// The GitHub App that created it, if one did.
    pub performed_via_github_app: Option<Value>,
}
