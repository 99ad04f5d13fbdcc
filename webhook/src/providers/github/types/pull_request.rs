//! Pull requests (GitHub's "pull_request" webhook payload schema).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Label, Milestone, Repository, User};

/// A pull request's head or base (`head`, `base`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PullRequestBranch {
    /// `owner:branch`.
    pub label: Option<String>,
    /// The branch name.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// The commit SHA.
    pub sha: String,
    /// The repository's owner.
    pub user: Option<User>,
    /// The repository (`null` when a fork was deleted).
    pub repo: Option<Repository>,
}

/// A pull request (`pull_request`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PullRequest {
    /// API URL.
    pub url: Option<String>,
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// Web URL.
    pub html_url: Option<String>,
    /// URL of the diff.
    pub diff_url: Option<String>,
    /// URL of the patch.
    pub patch_url: Option<String>,
    /// API URL of the pull request as an issue.
    pub issue_url: Option<String>,
    /// The number within the repository.
    pub number: u64,
    /// `open` or `closed`.
    pub state: String,
    /// Whether conversation is locked.
    #[serde(default)]
    pub locked: bool,
    /// The title.
    pub title: String,
    /// Who opened it.
    pub user: User,
    /// The description, in Markdown.
    pub body: Option<String>,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// When it was closed, ISO 8601.
    pub closed_at: Option<String>,
    /// When it was merged, ISO 8601.
    pub merged_at: Option<String>,
    /// The merge commit's SHA (or the test merge commit's, while open).
    pub merge_commit_sha: Option<String>,
    /// The first assignee.
    pub assignee: Option<User>,
    /// The assignees.
    #[serde(default)]
    pub assignees: Vec<User>,
    /// Users whose review is requested.
    #[serde(default)]
    pub requested_reviewers: Vec<User>,
    /// Teams whose review is requested.
    #[serde(default)]
    pub requested_teams: Vec<Value>,
    /// The labels.
    #[serde(default)]
    pub labels: Vec<Label>,
    /// The milestone.
    pub milestone: Option<Milestone>,
    /// Whether it is a draft.
    #[serde(default)]
    pub draft: bool,
    /// API URL of the commits.
    pub commits_url: Option<String>,
    /// API URL of the review comments.
    pub review_comments_url: Option<String>,
    /// API URL template of one review comment.
    pub review_comment_url: Option<String>,
    /// API URL of the issue comments.
    pub comments_url: Option<String>,
    /// API URL of the head commit's statuses.
    pub statuses_url: Option<String>,
    /// The branch to merge from.
    pub head: PullRequestBranch,
    /// The branch to merge into.
    pub base: PullRequestBranch,
    /// Hypermedia links (`self`, `html`, `issue`, …).
    #[serde(rename = "_links")]
    pub links: Option<Value>,
    /// The author's relation to the repository, e.g. `CONTRIBUTOR`.
    pub author_association: Option<String>,
    /// Auto-merge settings, when enabled.
    pub auto_merge: Option<Value>,
    /// Why conversation was locked.
    pub active_lock_reason: Option<String>,
    /// Whether it was merged.
    pub merged: Option<bool>,
    /// Whether it can be merged (`null` while GitHub computes it).
    pub mergeable: Option<bool>,
    /// Whether it can be rebased.
    pub rebaseable: Option<bool>,
    /// e.g. `clean`, `dirty`, `blocked`, `unknown`.
    pub mergeable_state: Option<String>,
    /// Who merged it.
    pub merged_by: Option<User>,
    /// Number of issue comments.
    pub comments: Option<u64>,
    /// Number of review comments.
    pub review_comments: Option<u64>,
    /// Whether maintainers can push to the head branch.
    pub maintainer_can_modify: Option<bool>,
    /// Number of commits.
    pub commits: Option<u64>,
    /// Lines added.
    pub additions: Option<u64>,
    /// Lines deleted.
    pub deletions: Option<u64>,
    /// Files changed.
    pub changed_files: Option<u64>,
}
