//! GitHub Actions workflow runs and check runs (GitHub's "workflow_run" and
//! "check_run" webhook payload schemas).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{App, Commit, Repository, User};

/// The repository of a [`MinimalRef`]: just enough to find it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct MinimalRepository {
    /// The numeric id.
    pub id: u64,
    /// API URL.
    pub url: Option<String>,
    /// The name.
    pub name: Option<String>,
}

/// A branch of a [`MinimalPullRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct MinimalRef {
    /// The branch name.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// The commit SHA.
    pub sha: String,
    /// The repository.
    pub repo: Option<MinimalRepository>,
}

/// The short pull request form in workflow runs, check runs and check suites.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct MinimalPullRequest {
    /// The numeric id.
    pub id: u64,
    /// The number within the repository.
    pub number: u64,
    /// API URL.
    pub url: Option<String>,
    /// The branch to merge from.
    pub head: MinimalRef,
    /// The branch to merge into.
    pub base: MinimalRef,
}

/// A workflow (`workflow` in `workflow_run` events).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Workflow {
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The name, e.g. `CI`.
    pub name: String,
    /// The file, e.g. `.github/workflows/ci.yml`.
    pub path: Option<String>,
    /// e.g. `active`, `disabled_manually`.
    pub state: Option<String>,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// Web URL of the workflow file.
    pub html_url: Option<String>,
    /// Status badge URL.
    pub badge_url: Option<String>,
}

/// A run of a GitHub Actions workflow (`workflow_run`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct WorkflowRun {
    /// The numeric id.
    pub id: u64,
    /// The workflow's name.
    pub name: Option<String>,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The branch of the head commit.
    pub head_branch: Option<String>,
    /// The head commit's SHA.
    pub head_sha: String,
    /// The workflow file.
    pub path: Option<String>,
    /// The title shown in the UI (commit message, PR title, …).
    pub display_title: Option<String>,
    /// The run number within the workflow.
    pub run_number: u64,
    /// The event that triggered the run, e.g. `push`.
    pub event: String,
    /// `requested`, `in_progress`, `completed`, `queued`, `pending`, `waiting`.
    pub status: Option<String>,
    /// `success`, `failure`, `neutral`, `cancelled`, `skipped`, `timed_out`,
    /// `action_required`, `stale`; `null` until completed.
    pub conclusion: Option<String>,
    /// The workflow's id.
    pub workflow_id: u64,
    /// The check suite's id.
    pub check_suite_id: Option<u64>,
    /// The check suite's GraphQL node id.
    pub check_suite_node_id: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// Web URL.
    pub html_url: Option<String>,
    /// The pull requests the run is for.
    #[serde(default)]
    pub pull_requests: Vec<MinimalPullRequest>,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// Who triggered the first attempt.
    pub actor: Option<User>,
    /// Who triggered this attempt.
    pub triggering_actor: Option<User>,
    /// The attempt number (re-runs increase it).
    pub run_attempt: Option<u64>,
    /// Reusable workflows the run called.
    #[serde(default)]
    pub referenced_workflows: Vec<Value>,
    /// When this attempt started, ISO 8601.
    pub run_started_at: Option<String>,
    /// API URL of the jobs.
    pub jobs_url: Option<String>,
    /// API URL of the logs.
    pub logs_url: Option<String>,
    /// API URL of the check suite.
    pub check_suite_url: Option<String>,
    /// API URL of the artifacts.
    pub artifacts_url: Option<String>,
    /// API URL to cancel the run.
    pub cancel_url: Option<String>,
    /// API URL to re-run it.
    pub rerun_url: Option<String>,
    /// API URL of the previous attempt.
    pub previous_attempt_url: Option<String>,
    /// API URL of the workflow.
    pub workflow_url: Option<String>,
    /// The head commit.
    pub head_commit: Option<Commit>,
    /// The repository the run is in.
    pub repository: Option<Repository>,
    /// The repository of the head commit (a fork, for fork pull requests).
    pub head_repository: Option<Repository>,
}

/// A check run's output (`output`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CheckRunOutput {
    /// The title.
    pub title: Option<String>,
    /// The summary, in Markdown.
    pub summary: Option<String>,
    /// Details, in Markdown.
    pub text: Option<String>,
    /// Number of annotations.
    #[serde(default)]
    pub annotations_count: u64,
    /// API URL of the annotations.
    pub annotations_url: Option<String>,
}

/// The check suite a check run belongs to (`check_run.check_suite`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct CheckSuite {
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The branch.
    pub head_branch: Option<String>,
    /// The head commit's SHA.
    pub head_sha: Option<String>,
    /// `queued`, `in_progress`, `completed`, …
    pub status: Option<String>,
    /// The conclusion, once completed.
    pub conclusion: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// The SHA before the push that created the suite.
    pub before: Option<String>,
    /// The SHA after the push that created the suite.
    pub after: Option<String>,
    /// The pull requests the suite is for.
    #[serde(default)]
    pub pull_requests: Vec<MinimalPullRequest>,
    /// The app that owns the suite.
    pub app: Option<App>,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
}

/// A check run (`check_run`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct CheckRun {
    /// The numeric id.
    pub id: u64,
    /// The name, e.g. `build (ubuntu-latest)`.
    pub name: String,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The commit SHA checked.
    pub head_sha: String,
    /// The integrator's reference.
    pub external_id: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// Web URL.
    pub html_url: Option<String>,
    /// The integrator's details page.
    pub details_url: Option<String>,
    /// `queued`, `in_progress`, `completed`, `waiting`, `requested`, `pending`.
    pub status: String,
    /// `success`, `failure`, `neutral`, `cancelled`, `skipped`, `timed_out`,
    /// `action_required`, `stale`; `null` until completed.
    pub conclusion: Option<String>,
    /// When it started, ISO 8601.
    pub started_at: Option<String>,
    /// When it completed, ISO 8601.
    pub completed_at: Option<String>,
    /// The output.
    #[serde(default)]
    pub output: CheckRunOutput,
    /// The suite it belongs to.
    pub check_suite: Option<CheckSuite>,
    /// The app that created it.
    pub app: Option<App>,
    /// The pull requests it is for.
    #[serde(default)]
    pub pull_requests: Vec<MinimalPullRequest>,
    /// The deployment, for checks of a deployment.
    pub deployment: Option<Value>,
}

/// The button a user pressed, for `check_run` `requested_action`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct RequestedAction {
    /// The integrator's identifier of the action.
    pub identifier: String,
}
