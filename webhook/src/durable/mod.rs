//! Durable delivery in the request path: the [`Journal`] an endpoint writes every
//! request to (when the router has a store), and the background workers that run
//! queued deliveries.
//!
//! Without the `store` feature, `Journal` is an empty enum: an endpoint's
//! `Option<Arc<Journal>>` is always `None`, every method is unreachable, and the
//! request path needs no `cfg` of its own.

#[cfg(feature = "store")]
mod journal;
#[cfg(feature = "store")]
pub(crate) mod workers;

use std::time::SystemTime;

use bytes::Bytes;
use http::HeaderMap;

#[cfg(feature = "store")]
pub(crate) use journal::Journal;
#[cfg(feature = "store")]
pub use workers::{Service, Workers};

/// A request as the journal logs it.
#[cfg_attr(not(feature = "store"), allow(dead_code))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arrival<'a> {
    pub(crate) provider: &'static str,
    pub(crate) endpoint: &'a str,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a Bytes,
    pub(crate) received_at: SystemTime,
}

/// What the journal needs to know about an accepted delivery.
#[cfg_attr(not(feature = "store"), allow(dead_code))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Accepted<'a> {
    pub(crate) event: &'a str,
    pub(crate) delivery_id: Option<&'a str>,
    pub(crate) secret_index: usize,
    /// Every matched handler runs in the background.
    pub(crate) all_queued: bool,
}

#[cfg(not(feature = "store"))]
pub(crate) use disabled::Journal;

#[cfg(not(feature = "store"))]
mod disabled {
    use std::future::Future;

    use super::{Accepted, Arrival};
    use crate::handler::Mode;
    use crate::response::Reply;

    /// Uninhabited without the `store` feature.
    #[derive(Debug)]
    pub(crate) enum Journal {}

    impl Journal {
        pub(crate) fn default_mode(&self) -> Mode {
            match *self {}
        }

        pub(crate) async fn rejected(&self, _: Arrival<'_>, _: &str) {
            match *self {}
        }

        pub(crate) async fn accept<F>(
            &self,
            _: Arrival<'_>,
            _: Accepted<'_>,
            _: impl FnOnce() -> F,
        ) -> Reply
        where
            F: Future<Output = Reply>,
        {
            match *self {}
        }
    }
}
