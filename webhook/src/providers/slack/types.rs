//! Ready-made Slack payload types.

use serde::{Deserialize, Serialize};

/// A slash command's form, as Slack posts it: take it as a handler parameter of a
/// `slash_command` handler.
///
/// Fields Slack may leave out are `Option`s; unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SlashCommand {
    /// The command, e.g. `/deploy`.
    pub command: String,
    /// Everything the user typed after the command (may be empty).
    #[serde(default)]
    pub text: String,
    /// Where to post delayed answers (valid for 30 minutes, up to 5 times).
    #[serde(default)]
    pub response_url: Option<String>,
    /// For opening a modal in answer (valid for 3 seconds).
    #[serde(default)]
    pub trigger_id: Option<String>,
    /// The user who ran the command.
    #[serde(default)]
    pub user_id: Option<String>,
    /// That user's name (deprecated by Slack; prefer `user_id`).
    #[serde(default)]
    pub user_name: Option<String>,
    /// The channel it was run in.
    #[serde(default)]
    pub channel_id: Option<String>,
    /// That channel's name.
    #[serde(default)]
    pub channel_name: Option<String>,
    /// The workspace.
    #[serde(default)]
    pub team_id: Option<String>,
    /// The workspace's domain.
    #[serde(default)]
    pub team_domain: Option<String>,
    /// The Enterprise Grid organisation, if any.
    #[serde(default)]
    pub enterprise_id: Option<String>,
    /// The app the command belongs to.
    #[serde(default)]
    pub api_app_id: Option<String>,
}
