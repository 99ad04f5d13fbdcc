//! Providers you declare yourself with `#[derive(webhook::Provider)]`: a signature
//! scheme described by a template, checked like the built-in ones.
//!
//! ```
//! use webhook::{router, testing, webhook, Provider};
//!
//! /// Acme signs `{timestamp}.{body}` with HMAC-SHA256, hex, in `X-Acme-Signature`.
//! #[derive(Provider)]
//! #[provider(
//!     name = "acme",
//!     signature_header = "X-Acme-Signature",
//!     algorithm = "hmac-sha256",
//!     encoding = "hex",
//!     prefix = "sha256=",
//!     signed = "{timestamp}.{body}",
//!     timestamp_header = "X-Acme-Timestamp",
//!     tolerance_secs = 300,
//!     id_header = "X-Acme-Delivery",
//!     event_field = "/type",
//!     events = ["order.created", "order.paid"],
//! )]
//! pub struct Acme;
//!
//! #[webhook(provider = Acme, event = "order.paid")] // "order.payed" would not compile
//! async fn order_paid(event: webhook::declared::Event<serde_json::Value>) {
//!     println!("{} {:?}", event.event, event.id);
//! }
//!
//! let app: axum::Router = router![order_paid].secret("acme", "acme-secret").into_router().unwrap();
//! ```
//!
//! # Template keys
//!
//! | key | value | default |
//! |---|---|---|
//! | `name` | the endpoint name: path `/webhooks/{name}`, setters' first argument | required |
//! | `signature_header` | header carrying the signature | required |
//! | `algorithm` | `hmac-sha1`, `hmac-sha256`, `hmac-sha512` | `hmac-sha256` |
//! | `encoding` | `hex` (either case) or `base64` (standard, padded) | `hex` |
//! | `prefix` | text before the signature (`sha256=`, `v1=`) | none |
//! | `signed` | `{body}`, `{timestamp}.{body}` or `{id}.{timestamp}.{body}` | `{body}` |
//! | `timestamp_header` | header with unix seconds; required by `{timestamp}` | none |
//! | `tolerance_secs` | largest accepted age, both directions | 300 with a timestamp |
//! | `id_header` | header with the delivery id; required by `{id}` | none |
//! | `id_field` | a JSON pointer to the delivery id in the body (`/id`), instead of `id_header` | none |
//! | `event_header` / `event_field` | where the event name is: a header, or a JSON pointer (`/type`, `/data/kind`) | required, one of them |
//! | `events` | the event catalog, checked at compile time | none (any name) |
//! | `secret_env` | variable with the secrets | `{NAME}_WEBHOOK_SECRET` |
//!
//! The header may carry several signatures separated by commas or spaces (rotation on
//! the sender's side); any one matching any configured secret passes. For a scheme no
//! template covers, implement [`Provider`] yourself
//! (`examples/custom_provider.rs`).

mod event;
mod template;

pub use event::{Envelope, Event};
pub use template::{
    sign, Algorithm, Encoding, EventCatalog, EventSource, Signed, Template, DEFAULT_TOLERANCE,
};

#[doc(hidden)]
pub use template::{parse, verify};

use crate::Provider;

/// Implemented by `#[derive(Provider)]` next to [`Provider`], so [`Event<T>`] can be a
/// handler parameter of every declared provider.
pub trait DeclaredProvider: Provider {
    /// The template envelope inside the provider's envelope.
    fn declared<'e, 'a: 'e>(envelope: &'e Self::Envelope<'a>) -> &'e Envelope<'a>;
}
