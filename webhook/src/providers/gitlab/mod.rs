//! GitLab: the `X-Gitlab-Token` shared token, or the signed Standard Webhooks form;
//! events named by `X-Gitlab-Event`.
//!
//! ```no_run
//! use webhook::{gitlab, router, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct Push {
//!     #[serde(rename = "ref")]
//!     git_ref: String,
//!     total_commits_count: u32,
//! }
//!
//! #[webhook(provider = "gitlab", event = "Push Hook")]
//! async fn pushed(event: gitlab::Event<Push>) {
//!     println!("{} commits to {}", event.payload.total_commits_count, event.payload.git_ref);
//! }
//!
//! #[webhook(provider = "gitlab", event = "Merge Request Hook")]
//! async fn merge_request(body: serde_json::Value) {
//!     println!("MR !{} {}", body["object_attributes"]["iid"], body["object_attributes"]["action"]);
//! }
//! # let _: webhook::Webhooks = router![pushed, merge_request];
//! ```
//!
//! # Scheme
//!
//! From GitLab's documentation (`doc/user/project/integrations/webhooks.md`,
//! `webhook_events.md`) and merge requests 125338 and 230944:
//!
//! - **Token (classic):** GitLab sends the hook's secret token itself in
//!   `X-Gitlab-Token`. It is compared, in constant time, with each configured secret
//!   (`GITLAB_WEBHOOK_SECRET`, comma-separated for a rotation). There is no signature
//!   and no timestamp: use HTTPS, and the delivery id to drop replays.
//! - **Signed (newer, behind GitLab's `webhook_signing_token` flag):** when a
//!   `webhook-signature` header is present, the request is checked as Standard Webhooks
//!   instead (and only so: a token does not rescue a bad signature):
//!   `webhook-signature: v1,<base64 HMAC-SHA256>` over
//!   `{webhook-id}.{webhook-timestamp}.{raw body}`, any listed `v1` matching any
//!   secret passes, and the timestamp must be within the tolerance (default 5 minutes)
//!   **in either direction**, as the Standard Webhooks spec requires. GitLab has not
//!   documented how its signing token is encoded, so the key is taken either way: a
//!   secret written `whsec_<base64>` is base64-decoded (the spec's form), any other
//!   secret is used as its UTF-8 bytes. Put the signing token and, if you also set one,
//!   the secret token in `GITLAB_WEBHOOK_SECRET` together.
//!
//! **Event names** are the `X-Gitlab-Event` values exactly (`Push Hook`,
//! `Merge Request Hook`, `System Hook`), checked against the catalog; `*` takes all.
//! The body's `object_kind` is on [`Event`]. **Delivery id** (the dedupe key, so one
//! that a retry keeps): `Idempotency-Key` / `webhook-id` (signed deliveries), else
//! `X-Gitlab-Event-UUID`, else `X-Gitlab-Webhook-UUID` (new on every request). No
//! handshake.

mod event;
pub(crate) mod sign;
mod verify;

use std::time::Duration;

pub use event::{Envelope, Event};

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The GitLab provider (`provider = "gitlab"`).
#[derive(Debug, Clone, Copy, Default)]
pub struct GitLab;

impl Provider for GitLab {
    const NAME: &'static str = "gitlab";
    const SECRET_ENV: &'static str = "GITLAB_WEBHOOK_SECRET";
    /// Applies to signed deliveries only; tokens carry no timestamp.
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(300));

    const CONTENT_TYPES: &'static [&'static str] = &["application/json"];

    type Envelope<'a> = Envelope<'a>;

    fn verify(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError> {
        verify::verify(request, context)
    }

    fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
        event::parse(request)
    }

    fn event_name<'e>(envelope: &'e Envelope<'_>) -> &'e str {
        envelope.event
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        envelope.delivery
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.body)
    }
}
