//! GitHub: `X-Hub-Signature-256` over the body, events named by `X-GitHub-Event` and
//! body `action`.
//!
//! ```no_run
//! use webhook::{github, router, webhook};
//!
//! #[webhook(provider = "github", event = "pull_request.opened")]
//! async fn pr_opened(event: github::Event<github::PullRequestEvent>) {
//!     println!("PR #{} opened", event.payload.number);
//! }
//!
//! #[webhook(provider = "github", event = "issues")] // every action
//! async fn issues(event: github::Event<serde_json::Value>) {
//!     println!("issues.{}", event.action.as_deref().unwrap_or("?"));
//! }
//! # let _: webhook::Webhooks = router![pr_opened, issues];
//! ```
//!
//! Scheme (GitHub's "Validating webhook deliveries"): `sha256=<hex HMAC-SHA256 of the
//! raw body>`, keyed with the hook's secret. No timestamp is signed, so replays are
//! stopped by remembering `X-GitHub-Delivery` (see the durable delivery log).

mod event;
pub(crate) mod sign;
mod types;
mod verify;

pub use event::{Envelope, Event};
pub use types::*;

use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
use crate::verify::{Verified, VerifyContext, VerifyError};

/// The GitHub provider (`provider = "github"`).
#[derive(Debug, Clone, Copy, Default)]
pub struct GitHub;

impl Provider for GitHub {
    const NAME: &'static str = "github";
    const SECRET_ENV: &'static str = "GITHUB_WEBHOOK_SECRET";

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
        &envelope.name
    }

    fn delivery_id<'e>(envelope: &'e Envelope<'_>) -> Option<&'e str> {
        envelope.delivery
    }

    fn payload<'e>(envelope: &'e Envelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.body)
    }
}
