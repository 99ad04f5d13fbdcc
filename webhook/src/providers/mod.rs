//! Built-in providers, one folder each, each behind a Cargo feature of the same name.

#[cfg(feature = "github")]
pub mod github;
#[cfg(feature = "stripe")]
pub mod stripe;
