//! Parts shared by many events: users, repositories, organizations, installations,
//! apps, labels, milestones and reactions (GitHub's webhook schemas for "Simple User",
//! "Repository", "Organization Simple", "Installation", "Label", "Milestone").

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Timestamp;

/// A user, organization or bot as GitHub embeds it (`sender`, `owner`, `user`, …).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct User {
    /// The login, e.g. `octocat` (`dependabot[bot]` for bots).
    pub login: String,
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// Avatar image URL.
    pub avatar_url: Option<String>,
    /// Always empty; kept for compatibility.
    pub gravatar_id: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// Profile page URL.
    pub html_url: Option<String>,
    /// API URL of the followers.
    pub followers_url: Option<String>,
    /// API URL template of the followed users.
    pub following_url: Option<String>,
    /// API URL template of the gists.
    pub gists_url: Option<String>,
    /// API URL template of the starred repositories.
    pub starred_url: Option<String>,
    /// API URL of the watched repositories.
    pub subscriptions_url: Option<String>,
    /// API URL of the organizations.
    pub organizations_url: Option<String>,
    /// API URL of the repositories.
    pub repos_url: Option<String>,
    /// API URL template of the events.
    pub events_url: Option<String>,
    /// API URL of the received events.
    pub received_events_url: Option<String>,
    /// `User`, `Organization` or `Bot`.
    #[serde(rename = "type")]
    pub user_type: Option<String>,
    /// `public` or `default`, where GitHub sends it.
    pub user_view_type: Option<String>,
    /// Whether this is a GitHub staff account.
    #[serde(default)]
    pub site_admin: bool,
    /// Display name (only in some payloads, e.g. a `push` repository's owner).
    pub name: Option<String>,
    /// Public email (only in some payloads).
    pub email: Option<String>,
}

/// A repository's license (`license`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct License {
    /// Short key, e.g. `mit`.
    pub key: String,
    /// Full name, e.g. `MIT License`.
    pub name: String,
    /// SPDX id, e.g. `MIT` (`NOASSERTION` when unknown).
    pub spdx_id: Option<String>,
    /// API URL of the license.
    pub url: Option<String>,
    /// The GraphQL node id.
    pub node_id: Option<String>,
}

/// A repository (`repository`, and `repo` in pull request heads and bases).
///
/// The many API URL templates (`keys_url`, `git_refs_url`, …) other than the few kept
/// here are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Repository {
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The name, e.g. `hello-world`.
    pub name: String,
    /// `owner/name`.
    pub full_name: String,
    /// Whether the repository is private.
    #[serde(default)]
    pub private: bool,
    /// The owning user or organization.
    pub owner: User,
    /// Web URL.
    pub html_url: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// Whether this is a fork.
    #[serde(default)]
    pub fork: bool,
    /// API URL.
    pub url: Option<String>,
    /// API URL template of the issues.
    pub issues_url: Option<String>,
    /// API URL template of the pull requests.
    pub pulls_url: Option<String>,
    /// API URL template of the commits.
    pub commits_url: Option<String>,
    /// API URL template for comparing two refs.
    pub compare_url: Option<String>,
    /// API URL template of the contents.
    pub contents_url: Option<String>,
    /// API URL template of the releases.
    pub releases_url: Option<String>,
    /// API URL of the webhooks.
    pub hooks_url: Option<String>,
    /// Creation time: unix seconds in `push` payloads, ISO 8601 elsewhere.
    pub created_at: Option<Timestamp>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// Last push: unix seconds in `push` payloads, ISO 8601 elsewhere.
    pub pushed_at: Option<Timestamp>,
    /// `git://` clone URL.
    pub git_url: Option<String>,
    /// SSH clone URL.
    pub ssh_url: Option<String>,
    /// HTTPS clone URL.
    pub clone_url: Option<String>,
    /// Subversion URL.
    pub svn_url: Option<String>,
    /// The mirrored repository's URL, for mirrors.
    pub mirror_url: Option<String>,
    /// The homepage.
    pub homepage: Option<String>,
    /// Size in KiB.
    pub size: Option<u64>,
    /// Number of stars.
    pub stargazers_count: Option<u64>,
    /// Number of stars (GitHub's legacy name).
    pub watchers_count: Option<u64>,
    /// The main language.
    pub language: Option<String>,
    /// Whether issues are enabled.
    #[serde(default)]
    pub has_issues: bool,
    /// Whether projects are enabled.
    #[serde(default)]
    pub has_projects: bool,
    /// Whether downloads are enabled.
    #[serde(default)]
    pub has_downloads: bool,
    /// Whether the wiki is enabled.
    #[serde(default)]
    pub has_wiki: bool,
    /// Whether GitHub Pages is enabled.
    #[serde(default)]
    pub has_pages: bool,
    /// Whether discussions are enabled.
    #[serde(default)]
    pub has_discussions: bool,
    /// Number of forks.
    pub forks_count: Option<u64>,
    /// Whether the repository is archived.
    #[serde(default)]
    pub archived: bool,
    /// Whether the repository is disabled.
    #[serde(default)]
    pub disabled: bool,
    /// Number of open issues and pull requests.
    pub open_issues_count: Option<u64>,
    /// The license, when GitHub detected one.
    pub license: Option<License>,
    /// Whether forking is allowed.
    pub allow_forking: Option<bool>,
    /// Whether this is a template repository.
    #[serde(default)]
    pub is_template: bool,
    /// Whether web commits must be signed off.
    pub web_commit_signoff_required: Option<bool>,
    /// The topics.
    #[serde(default)]
    pub topics: Vec<String>,
    /// `public`, `private` or `internal`.
    pub visibility: Option<String>,
    /// Number of forks (legacy name).
    pub forks: Option<u64>,
    /// Number of open issues (legacy name).
    pub open_issues: Option<u64>,
    /// Number of stars (legacy name).
    pub watchers: Option<u64>,
    /// The default branch, e.g. `main`.
    pub default_branch: Option<String>,
    /// The default branch (only in `push` payloads).
    pub master_branch: Option<String>,
    /// Number of stars (only in `push` payloads).
    pub stargazers: Option<u64>,
    /// The owning organization's login (only in `push` payloads).
    pub organization: Option<String>,
    /// Whether squash merging is allowed (only where GitHub sends merge settings).
    pub allow_squash_merge: Option<bool>,
    /// Whether merge commits are allowed.
    pub allow_merge_commit: Option<bool>,
    /// Whether rebase merging is allowed.
    pub allow_rebase_merge: Option<bool>,
    /// Whether auto-merge is allowed.
    pub allow_auto_merge: Option<bool>,
    /// Whether head branches are deleted after merge.
    pub delete_branch_on_merge: Option<bool>,
    /// Custom property values set on the repository.
    #[serde(default)]
    pub custom_properties: HashMap<String, Value>,
}

/// An organization (`organization`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Organization {
    /// The login, e.g. `octo-org`.
    pub login: String,
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// API URL of the repositories.
    pub repos_url: Option<String>,
    /// API URL of the events.
    pub events_url: Option<String>,
    /// API URL of the webhooks.
    pub hooks_url: Option<String>,
    /// API URL of the issues.
    pub issues_url: Option<String>,
    /// API URL template of the members.
    pub members_url: Option<String>,
    /// API URL template of the public members.
    pub public_members_url: Option<String>,
    /// Avatar image URL.
    pub avatar_url: Option<String>,
    /// The description.
    pub description: Option<String>,
}

/// The account a GitHub App is installed on: a user, an organization, or an
/// enterprise (which has `slug` and `name` instead of `login`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Account {
    /// The numeric id.
    pub id: u64,
    /// The login, for users and organizations.
    pub login: Option<String>,
    /// The slug, for enterprises.
    pub slug: Option<String>,
    /// The name, for enterprises.
    pub name: Option<String>,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// Avatar image URL.
    pub avatar_url: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// Web URL.
    pub html_url: Option<String>,
    /// `User` or `Organization` (absent for enterprises).
    #[serde(rename = "type")]
    pub account_type: Option<String>,
    /// Whether this is a GitHub staff account.
    #[serde(default)]
    pub site_admin: bool,
}

/// A GitHub App installation: the short `{id, node_id}` form most events carry, or
/// the full form of `installation` events (every other field is then set).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Installation {
    /// The installation id (used to mint installation tokens).
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The account the app is installed on.
    pub account: Option<Account>,
    /// `all` or `selected`.
    pub repository_selection: Option<String>,
    /// API URL for creating installation access tokens.
    pub access_tokens_url: Option<String>,
    /// API URL of the repositories the installation can access.
    pub repositories_url: Option<String>,
    /// Web URL of the installation's settings.
    pub html_url: Option<String>,
    /// The app's id.
    pub app_id: Option<u64>,
    /// The app's slug.
    pub app_slug: Option<String>,
    /// The app's client id.
    pub client_id: Option<String>,
    /// The id of the account installed on.
    pub target_id: Option<u64>,
    /// `User` or `Organization`.
    pub target_type: Option<String>,
    /// Granted permissions, e.g. `{"issues": "write"}`.
    #[serde(default)]
    pub permissions: HashMap<String, String>,
    /// The events the installation subscribes to.
    #[serde(default)]
    pub events: Vec<String>,
    /// Creation time (ISO 8601; unix seconds in older payloads).
    pub created_at: Option<Timestamp>,
    /// Last update (ISO 8601; unix seconds in older payloads).
    pub updated_at: Option<Timestamp>,
    /// The single file the app can access, for single-file permissions.
    pub single_file_name: Option<String>,
    /// Whether the app can access several single files.
    pub has_multiple_single_files: Option<bool>,
    /// The single files the app can access.
    #[serde(default)]
    pub single_file_paths: Vec<String>,
    /// Who suspended the installation.
    pub suspended_by: Option<User>,
    /// When the installation was suspended.
    pub suspended_at: Option<String>,
}

/// A repository in an installation event (`repositories`, `repositories_added`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct InstallationRepository {
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The name.
    pub name: String,
    /// `owner/name`.
    pub full_name: String,
    /// Whether the repository is private.
    #[serde(default)]
    pub private: bool,
}

/// A GitHub App (`app` on check runs and suites).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct App {
    /// The numeric id.
    pub id: u64,
    /// The slug, e.g. `github-actions`.
    pub slug: Option<String>,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The client id.
    pub client_id: Option<String>,
    /// The owning user or organization.
    pub owner: Option<User>,
    /// The name.
    pub name: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// The app's homepage.
    pub external_url: Option<String>,
    /// The app's page on GitHub.
    pub html_url: Option<String>,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// Permissions the app requests.
    #[serde(default)]
    pub permissions: HashMap<String, String>,
    /// Events the app subscribes to.
    #[serde(default)]
    pub events: Vec<String>,
}

/// A label on an issue or pull request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Label {
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// The name, e.g. `bug`.
    pub name: String,
    /// Hex color without `#`, e.g. `d73a4a`.
    pub color: Option<String>,
    /// Whether this is one of GitHub's default labels.
    #[serde(default)]
    pub default: bool,
    /// The description.
    pub description: Option<String>,
}

/// A milestone on an issue or pull request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Milestone {
    /// API URL.
    pub url: Option<String>,
    /// Web URL.
    pub html_url: Option<String>,
    /// API URL of the labels.
    pub labels_url: Option<String>,
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The milestone number within the repository.
    pub number: u64,
    /// The title.
    pub title: String,
    /// The description.
    pub description: Option<String>,
    /// Who created it.
    pub creator: Option<User>,
    /// Number of open issues.
    pub open_issues: Option<u64>,
    /// Number of closed issues.
    pub closed_issues: Option<u64>,
    /// `open` or `closed`.
    pub state: Option<String>,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// Due date, ISO 8601.
    pub due_on: Option<String>,
    /// When it was closed, ISO 8601.
    pub closed_at: Option<String>,
}

/// Reaction counts on an issue, comment or release (`reactions`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Reactions {
    /// API URL of the reactions.
    pub url: Option<String>,
    /// Total number of reactions.
    #[serde(default)]
    pub total_count: u64,
    /// 👍 count.
    #[serde(rename = "+1", default)]
    pub plus_one: u64,
    /// 👎 count.
    #[serde(rename = "-1", default)]
    pub minus_one: u64,
    /// 😄 count.
    #[serde(default)]
    pub laugh: u64,
    /// 🎉 count.
    #[serde(default)]
    pub hooray: u64,
    /// 😕 count.
    #[serde(default)]
    pub confused: u64,
    /// ❤️ count.
    #[serde(default)]
    pub heart: u64,
    /// 🚀 count.
    #[serde(default)]
    pub rocket: u64,
    /// 👀 count.
    #[serde(default)]
    pub eyes: u64,
}
