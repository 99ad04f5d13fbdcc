//! Releases and their assets (GitHub's "release" webhook payload schema).

use serde::{Deserialize, Serialize};

use super::{Reactions, User};

/// A file attached to a release (`assets[]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ReleaseAsset {
    /// API URL.
    pub url: Option<String>,
    /// Download URL.
    pub browser_download_url: Option<String>,
    /// The numeric id.
    pub id: u64,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The file name.
    pub name: String,
    /// A label shown instead of the name.
    pub label: Option<String>,
    /// `uploaded` or `open`.
    pub state: Option<String>,
    /// The MIME type.
    pub content_type: Option<String>,
    /// Size in bytes.
    #[serde(default)]
    pub size: u64,
    /// The content's digest, e.g. `sha256:…` (newer payloads).
    pub digest: Option<String>,
    /// Number of downloads.
    #[serde(default)]
    pub download_count: u64,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601.
    pub updated_at: Option<String>,
    /// Who uploaded it.
    pub uploader: Option<User>,
}

/// A release (`release`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Release {
    /// API URL.
    pub url: Option<String>,
    /// API URL of the assets.
    pub assets_url: Option<String>,
    /// Upload URL template for assets.
    pub upload_url: Option<String>,
    /// Web URL.
    pub html_url: Option<String>,
    /// The numeric id.
    pub id: u64,
    /// Who created it.
    pub author: Option<User>,
    /// The GraphQL node id.
    pub node_id: Option<String>,
    /// The tag, e.g. `v1.0.0`.
    pub tag_name: String,
    /// The branch or commit the tag is created from.
    pub target_commitish: Option<String>,
    /// The title.
    pub name: Option<String>,
    /// Whether it is a draft.
    #[serde(default)]
    pub draft: bool,
    /// Whether it is a pre-release.
    #[serde(default)]
    pub prerelease: bool,
    /// Whether it is immutable (newer payloads).
    pub immutable: Option<bool>,
    /// Creation time, ISO 8601.
    pub created_at: Option<String>,
    /// Last update, ISO 8601 (newer payloads).
    pub updated_at: Option<String>,
    /// Publication time, ISO 8601 (`null` for drafts).
    pub published_at: Option<String>,
    /// The attached files.
    #[serde(default)]
    pub assets: Vec<ReleaseAsset>,
    /// Source archive (tar.gz) URL.
    pub tarball_url: Option<String>,
    /// Source archive (zip) URL.
    pub zipball_url: Option<String>,
    /// The notes, in Markdown.
    pub body: Option<String>,
    /// URL of the release's discussion.
    pub discussion_url: Option<String>,
    /// Reaction counts.
    pub reactions: Option<Reactions>,
}
