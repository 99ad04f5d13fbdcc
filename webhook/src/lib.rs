//! Declarative, verified, typed webhook receivers on axum.
//!
//! Annotate `async fn`s with [`#[webhook]`](macro@webhook), list them in
//! [`router![…]`](router!), and get one `POST` route per provider that verifies the
//! signature on the raw bytes, parses the envelope once, and dispatches by event name
//! to typed handlers. Event names are checked against the provider's catalog at compile
//! time:
//!
//! ```no_run
//! use axum::extract::State;
//! use webhook::{github, router, stripe, webhook};
//!
//! #[derive(Clone)]
//! struct Db;
//!
//! #[webhook(provider = "stripe", event = "invoice.paid")]
//! async fn invoice_paid(event: stripe::Event<stripe::Invoice>, State(_db): State<Db>) -> Result<(), String> {
//!     println!("invoice {} paid", event.data.object.id);
//!     Ok(())
//! }
//!
//! #[webhook(provider = "github", event = "pull_request.opened")]
//! async fn pr_opened(event: github::Event<github::PullRequestEvent>) {
//!     println!("PR #{} opened", event.payload.number);
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app: axum::Router = router![invoice_paid, pr_opened]
//!     .secrets_from_env()?   // STRIPE_WEBHOOK_SECRET, GITHUB_WEBHOOK_SECRET
//!     .into_router()?
//!     .with_state(Db);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! The request path: bounded raw body → [`Provider::verify`] → [`Provider::parse`] →
//! dispatch table → typed arguments ([`HandlerArg`]) → handlers → a status from the
//! table in [`response`](crate#status-codes).
//!
//! # Status codes
//!
//! | outcome | status |
//! |---|---|
//! | handled by every matching handler | 200 `{"status":"handled"}` |
//! | verified, but no handler for the event | 200 `{"status":"ignored"}` |
//! | missing or bad signature, stale timestamp | 401 |
//! | malformed JSON, missing envelope fields, payload not fitting the handler's type | 400 |
//! | body over the limit (default 1 MiB) | 413 |
//! | a handler returned an error or panicked | 500, no detail in the body |
//! | a method other than `POST` | 405 with `Allow: POST` |

extern crate self as webhook;

#[cfg(feature = "config")]
pub mod config;
#[cfg(feature = "dashboard")]
pub mod dashboard;
pub mod declared;
mod delivery;
mod dispatch;
mod durable;
mod endpoint;
#[cfg(feature = "file-log")]
pub mod file_log;
mod handler;
#[cfg(feature = "outgoing")]
pub mod outgoing;
mod peek;
mod provider;
mod providers;
mod rate_limit;
#[cfg(any(feature = "store", feature = "file-log"))]
mod redact;
mod response;
mod router;
mod secret;
pub mod testing;
mod verify;

#[doc(hidden)]
pub mod __private;

#[cfg(feature = "config")]
pub use config::{Config, ConfigError};
pub use delivery::{Delivery, DeliveryContext};
#[cfg(feature = "store")]
pub use durable::{Service, Workers};
pub use handler::{ArgError, HandlerArg, HandlerError, HandlerReturn, Mode};
// For generated code and the bench's hand-expanded app: not a user's API.
#[doc(hidden)]
pub use handler::{Handler, HandlerFuture, HandlerInfo};
pub use provider::{EnvelopeError, Payload, Provider, RawRequest, SuccessBody};
pub use rate_limit::RateLimit;

/// Re-exports each enabled provider's module at the crate root (`webhook::stripe`).
macro_rules! provider_reexports {
    ($($name:ident $feature:literal $type:ident [$($catalog:ident)?],)*) => {
        $(
            #[cfg(feature = $feature)]
            pub use providers::$name;
        )*
    };
}

webhook_catalog::with_builtin_providers!(provider_reexports);

pub use router::{
    BuildError, Dispatcher, Webhooks, DEFAULT_BODY_LIMIT, DEFAULT_HANDLER_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
};
#[cfg(feature = "store")]
pub use router::{DEFAULT_LEASE, DEFAULT_WORKERS};
pub use secret::Secret;
#[cfg(feature = "store")]
pub mod store;
pub use verify::{Verified, VerifyContext, VerifyError};
pub use webhook_macros::{router, webhook, Provider};
