//! Helpers shared by the store test binaries: a backend to open stores on, the suite
//! every backend passes, a throwaway PostgreSQL server, temporary directories.
#![allow(dead_code)] // each test binary uses its own part

#[cfg(feature = "postgres")]
pub(crate) mod batched;
pub(crate) mod postgres;
pub(crate) mod suite;
pub(crate) mod temp;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue};
use webhook::store::{NewDelivery, Store, StoreOptions};

/// Where a test's stores live: every `open` is another handle on the same database
/// (another "instance").
pub(crate) trait Backend: Send + Sync {
    /// Opens a store on this test's database.
    fn open_with(
        &self,
        options: StoreOptions,
    ) -> Pin<Box<dyn Future<Output = Arc<dyn Store>> + Send + '_>>;

    /// Makes another connection take the database's write lock for `duration` (held in
    /// a background task); returns once it is held.
    fn block_writes_for(&self, duration: Duration)
        -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;

    /// Opens a store with default options.
    fn open(&self) -> Pin<Box<dyn Future<Output = Arc<dyn Store>> + Send + '_>> {
        self.open_with(StoreOptions::default())
    }
}

/// A Stripe-like delivery with the given id (or none) and body.
pub(crate) fn delivery(id: Option<&str>, event: &str, body: &str) -> NewDelivery {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    let mut delivery = NewDelivery::new(
        "stripe",
        "/webhooks/stripe",
        headers,
        body.to_owned().into(),
        SystemTime::now(),
    )
    .event(event)
    .secret_index(0);
    if let Some(id) = id {
        delivery = delivery.delivery_id(id);
    }
    delivery
}

/// Defines one `#[tokio::test]` per suite case, each on a fresh database from
/// `$backend` (an async fn returning `Option<impl Backend>`; `None` skips).
macro_rules! store_suite {
    ($backend:path: $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                if let Some(backend) = $backend().await {
                    support::suite::$case(&backend).await;
                }
            }
        )*
    };
}
pub(crate) use store_suite;
