//! The event payloads: one type per `X-GitHub-Event`, each the whole delivery body
//! (GitHub's "Webhook events and payloads").

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    CheckRun, Comment, Commit, CommitAuthor, Hook, Installation, InstallationRepository, Issue,
    Label, Milestone, Organization, PullRequest, Release, Repository, RequestedAction, User,
    Workflow, WorkflowRun,
};

/// `push`: commits pushed to a branch, or a branch or tag created or deleted.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PushEvent {
    /// The full ref pushed, e.g. `refs/heads/main` or `refs/tags/v1.0.0`.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// The SHA before the push (all zeros when the ref was created).
    pub before: String,
    /// The SHA after the push (all zeros when the ref was deleted).
    pub after: String,
    /// Whether the ref was created.
    #[serde(default)]
    pub created: bool,
    /// Whether the ref was deleted.
    #[serde(default)]
    pub deleted: bool,
    /// Whether it was a force push.
    #[serde(default)]
    pub forced: bool,
    /// The branch a pushed tag points into, when GitHub knows it.
    pub base_ref: Option<String>,
    /// URL comparing `before` and `after`.
    pub compare: Option<String>,
    /// The pushed commits, oldest first (at most 2048, without file lists past 20).
    #[serde(default)]
    pub commits: Vec<Commit>,
    /// The commit the ref now points to.
    pub head_commit: Option<Commit>,
    /// Who pushed.
    pub pusher: Option<CommitAuthor>,
    /// The repository (with unix-second `created_at` and `pushed_at`).
    pub repository: Option<Repository>,
    /// Who triggered the event.
    pub sender: Option<User>,
    /// The GitHub App installation, for app deliveries.
    pub installation: Option<Installation>,
    /// The organization, for organization repositories.
    pub organization: Option<Organization>,
}

/// `pull_request`: a pull request was opened, edited, closed, labeled, synchronized, …
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PullRequestEvent {
    /// e.g. `opened`, `synchronize`, `closed` (check `pull_request.merged`).
    pub action: Option<String>,
    /// The pull request number.
    pub number: u64,
    /// The pull request.
    pub pull_request: PullRequest,
    /// For `edited`: the previous values of what changed.
    pub changes: Option<Value>,
    /// For `labeled` and `unlabeled`: the label.
    pub label: Option<Label>,
    /// For `assigned` and `unassigned`: the user.
    pub assignee: Option<User>,
    /// For `review_requested` and `review_request_removed`: the user.
    pub requested_reviewer: Option<User>,
    /// For `review_requested` and `review_request_removed`: the team.
    pub requested_team: Option<Value>,
    /// For `synchronize`: the previous head SHA.
    pub before: Option<String>,
    /// For `synchronize`: the new head SHA.
    pub after: Option<String>,
    /// The repository.
    pub repository: Option<Repository>,
    /// Who triggered the event.
    pub sender: Option<User>,
    /// The GitHub App installation, for app deliveries.
    pub installation: Option<Installation>,
    /// The organization, for organization repositories.
    pub organization: Option<Organization>,
}

/// `issues`: an issue was opened, edited, closed, labeled, assigned, …
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct IssuesEvent {
    /// e.g. `opened`, `edited`, `closed`, `labeled`.
    pub action: Option<String>,
    /// The issue.
    pub issue: Issue,
    /// For `edited`: the previous values of what changed.
    pub changes: Option<Value>,
    /// For `labeled` and `unlabeled`: the label.
    pub label: Option<Label>,
    /// For `assigned` and `unassigned`: the user.
    pub assignee: Option<User>,
    /// For `milestoned` and `demilestoned`: the milestone.
    pub milestone: Option<Milestone>,
    /// The repository.
    pub repository: Option<Repository>,
    /// Who triggered the event.
    pub sender: Option<User>,
    /// The GitHub App installation, for app deliveries.
    pub installation: Option<Installation>,
    /// The organization, for organization repositories.
    pub organization: Option<Organization>,
}

/// `issue_comment`: a comment on an issue or pull request was created, edited or
/// deleted.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct IssueCommentEvent {
    /// `created`, `edited` or `deleted`.
    pub action: Option<String>,
    /// The issue (or pull request) commented on.
    pub issue: Issue,
    /// The comment.
    pub comment: Comment,
    /// For `edited`: the previous body.
    pub changes: Option<Value>,
    /// The repository.
    pub repository: Option<Repository>,
    /// Who triggered the event.
    pub sender: Option<User>,
    /// The GitHub App installation, for app deliveries.
    pub installation: Option<Installation>,
    /// The organization, for organization repositories.
    pub organization: Option<Organization>,
}

/// `release`: a release was published, created, edited, deleted, …
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ReleaseEvent {
    /// e.g. `published`, `released`, `prereleased`, `created`, `edited`, `deleted`.
    pub action: Option<String>,
    /// The release.
    pub release: Release,
    /// For `edited`: the previous values of what changed.
    pub changes: Option<Value>,
    /// The repository.
    pub repository: Option<Repository>,
    /// Who triggered the event.
    pub sender: Option<User>,
    /// The GitHub App installation, for app deliveries.
    pub installation: Option<Installation>,
    /// The organization, for organization repositories.
    pub organization: Option<Organization>,
}

/// `workflow_run`: a GitHub Actions run was requested, is in progress, or completed.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct WorkflowRunEvent {
    /// `requested`, `in_progress` or `completed`.
    pub action: Option<String>,
    /// The run.
    pub workflow_run: WorkflowRun,
    /// The workflow.
    pub workflow: Option<Workflow>,
    /// The repository.
    pub repository: Option<Repository>,
    /// Who triggered the event.
    pub sender: Option<User>,
    /// The GitHub App installation, for app deliveries.
    pub installation: Option<Installation>,
    /// The organization, for organization repositories.
    pub organization: Option<Organization>,
}

/// `check_run`: a check run was created, completed, re-requested, or had an action
/// requested.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct CheckRunEvent {
    /// `created`, `completed`, `rerequested` or `requested_action`.
    pub action: Option<String>,
    /// The check run.
    pub check_run: CheckRun,
    /// For `requested_action`: the action.
    pub requested_action: Option<RequestedAction>,
    /// The repository.
    pub repository: Option<Repository>,
    /// Who triggered the event.
    pub sender: Option<User>,
    /// The GitHub App installation, for app deliveries.
    pub installation: Option<Installation>,
    /// The organization, for organization repositories.
    pub organization: Option<Organization>,
}

/// `ping`: sent once when a webhook is created (no `action`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PingEvent {
    /// A random bit of GitHub zen.
    pub zen: String,
    /// The webhook's id.
    pub hook_id: u64,
    /// The webhook.
    pub hook: Hook,
    /// The repository, for repository webhooks.
    pub repository: Option<Repository>,
    /// Who created the webhook.
    pub sender: Option<User>,
    /// The GitHub App installation, for app deliveries.
    pub installation: Option<Installation>,
    /// The organization, for organization webhooks.
    pub organization: Option<Organization>,
}

/// `installation`: a GitHub App was installed, uninstalled, suspended, or had its
/// permissions accepted.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct InstallationEvent {
    /// `created`, `deleted`, `suspend`, `unsuspend` or `new_permissions_accepted`.
    pub action: Option<String>,
    /// The installation, in full.
    pub installation: Installation,
    /// The repositories the installation can access (`created` and `deleted`).
    pub repositories: Option<Vec<InstallationRepository>>,
    /// Who requested the installation, when it needed approval.
    pub requester: Option<User>,
    /// Who triggered the event.
    pub sender: Option<User>,
    /// The organization, for organization installations.
    pub organization: Option<Organization>,
}
