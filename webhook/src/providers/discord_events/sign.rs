//! Signing exactly as Discord does, for tests (see [`crate::testing`]): webhook events
//! are signed like interactions.

pub use crate::providers::discord::sign::{public_key, request, signature, TEST_SEED};
