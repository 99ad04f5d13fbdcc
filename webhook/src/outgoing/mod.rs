//! Sending webhooks: one signed attempt to a customer's endpoint, made safely.
//!
//! - [`guard`]: the SSRF guard, which refuses private, loopback and other special
//!   addresses in every spelling, when an endpoint is saved and again at connect time;
//! - [`sign`]: Standard Webhooks signatures (`v1` HMAC-SHA256 with `whsec_` secrets,
//!   `v1a` Ed25519 with `whsk_` keys), one per live key during rotation;
//! - [`client`]: the HTTP client that makes one attempt through the guard and returns a
//!   plain [`Attempt`] to store (status, duration, capped response body, outcome);
//! - `outbox` (feature `outbox`): tenants' endpoints, the transactional outbox (`send`,
//!   `send_in`), and the workers that deliver its messages with retries, through a
//!   `Transport` that makes one attempt.
//!
//! Behind the `outgoing` feature (the outbox: `outbox`, which needs a store).

pub mod client;
pub mod guard;
#[cfg(feature = "outbox")]
pub mod outbox;
pub mod sign;

pub use client::{Attempt, Client, ClientBuilder, ClientError, Message, Outcome};
pub use guard::{Guard, GuardedResolver, Refused};
pub use ipnet::IpNet;
pub use sign::{HeaderNames, SignError, SigningKey};
