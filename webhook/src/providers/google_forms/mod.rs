//! Google Forms: form responses sent by an Apps Script in the form, signed with a
//! shared secret — `X-Forms-Signature: sha256=<base64>` over
//! `{X-Forms-Delivery}.{X-Forms-Timestamp}.{body}` — events named by body `eventType`.
//!
//! ```no_run
//! use webhook::{google_forms, router, webhook};
//!
//! #[derive(serde::Deserialize)]
//! struct Submission {
//!     #[serde(rename = "responseId")]
//!     response_id: String,
//!     answers: Vec<serde_json::Value>,
//! }
//!
//! #[webhook(provider = "google_forms", event = "RESPONSES")]
//! async fn submitted(event: google_forms::Event<Submission>) {
//!     println!("{}: {} answers", event.payload.response_id, event.payload.answers.len());
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![submitted]
//!     .secrets_from_env()? // GOOGLE_FORMS_WEBHOOK_SECRET: the script's WEBHOOK_SECRET
//!     .into_router()?;
//! # Ok(()) }
//! ```
//!
//! # Why a scheme of our own
//!
//! Google Forms has no signed HTTP webhook: the Forms API's watches (event types
//! `RESPONSES` and `SCHEMA`, from Google's "Set up and receive push notifications"
//! guide) deliver to a Cloud Pub/Sub topic only, and an Apps Script trigger sends
//! whatever its script sends. So this provider defines the signature, and ships the
//! script that makes it: a form-submit trigger that posts the response as JSON, signed
//! with a secret both sides hold.
//!
//! # Scheme
//!
//! - `X-Forms-Delivery`: the form response's id (`FormResponse.getId()`), the delivery
//!   id: a re-sent response is recognised as a duplicate.
//! - `X-Forms-Timestamp`: unix seconds when the script sent it.
//! - `X-Forms-Signature: sha256=<standard base64 of HMAC-SHA256>` over
//!   `{delivery}.{timestamp}.{raw body}`, keyed with the secret's UTF-8 bytes. The
//!   timestamp is refused when more than **5 minutes** away from now in either
//!   direction (`.tolerance("google_forms", …)` changes it).
//! - The body is JSON with `eventType` (`RESPONSES`; the catalog also has the Forms
//!   API's `SCHEMA`, for scripts that report form edits), `formId`, `responseId`,
//!   `submittedAt`, `respondentEmail` and `answers`.
//!
//! This is exactly a `#[derive(Provider)]` template ([`TEMPLATE`]): the provider is a
//! preset of the derive's machinery, and handlers take [`Event<T>`] (the body as `T`).
//!
//! # The Apps Script
//!
//! In the form: Extensions → Apps Script, paste this, set the script properties
//! `WEBHOOK_URL` (`https://…/webhooks/google_forms`) and `WEBHOOK_SECRET` (Project
//! Settings → Script properties; the same secret as `GOOGLE_FORMS_WEBHOOK_SECRET`), then
//! Triggers → Add trigger → `onFormSubmit`, event source "From form", event type "On
//! form submit".
//!
//! ```javascript
//! function onFormSubmit(e) {
//!   var props = PropertiesService.getScriptProperties();
//!   var response = e.response;
//!   var body = JSON.stringify({
//!     eventType: 'RESPONSES',
//!     formId: e.source.getId(),
//!     responseId: response.getId(),
//!     submittedAt: response.getTimestamp().toISOString(),
//!     respondentEmail: response.getRespondentEmail(),
//!     answers: response.getItemResponses().map(function (answer) {
//!       return {
//!         itemId: answer.getItem().getId(),
//!         title: answer.getItem().getTitle(),
//!         response: answer.getResponse(),
//!       };
//!     }),
//!   });
//!   var delivery = response.getId();
//!   var timestamp = String(Math.floor(Date.now() / 1000));
//!   var mac = Utilities.computeHmacSha256Signature(
//!     delivery + '.' + timestamp + '.' + body,
//!     props.getProperty('WEBHOOK_SECRET'),
//!     Utilities.Charset.UTF_8
//!   );
//!   UrlFetchApp.fetch(props.getProperty('WEBHOOK_URL'), {
//!     method: 'post',
//!     contentType: 'application/json',
//!     payload: Utilities.newBlob(body).getBytes(), // the UTF-8 bytes that were signed
//!     headers: {
//!       'X-Forms-Delivery': delivery,
//!       'X-Forms-Timestamp': timestamp,
//!       'X-Forms-Signature': 'sha256=' + Utilities.base64Encode(mac),
//!     },
//!   });
//! }
//! ```
//!
//! Apps Script does not retry a failed `fetch`; a delivery the endpoint refused shows in
//! the script's executions log (and in the delivery log, with the reason).

pub(crate) mod sign;

use std::time::Duration;

pub use crate::declared::Event;

use crate::declared::{Algorithm, Encoding, EventSource, Signed, Template};

/// The Google Forms scheme as a `#[derive(Provider)]` template.
pub const TEMPLATE: Template = Template {
    signature_header: "x-forms-signature",
    algorithm: Algorithm::HmacSha256,
    encoding: Encoding::Base64,
    prefix: "sha256=",
    signed: Signed::IdTimestampBody,
    timestamp_header: Some("x-forms-timestamp"),
    id_header: Some("x-forms-delivery"),
    id_field: None,
    event: EventSource::JsonPointer("/eventType"),
};

template_provider!(
    /// The Google Forms provider (`provider = "google_forms"`); see the
    /// [module docs](self).
    GoogleForms,
    "google_forms",
    "GOOGLE_FORMS_WEBHOOK_SECRET",
    Some(Duration::from_secs(300)),
    TEMPLATE,
);
