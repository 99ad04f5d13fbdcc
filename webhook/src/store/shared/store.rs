//! The [`Store`](crate::store::Store) implementation both backends share,
//! `impl_store!`: the records go through the group-commit writer, the other writes
//! through the backend's `queue` module and are made durable before they answer, reads
//! run on the reading pool. Each backend says where its claims and completions go.

/// Implements `Store` for `$store`, a backend's public type holding `inner: Arc<Inner>`,
/// in a module `store_impl` of the module expanding it. That module has the backend's
/// `queue` module (see `queue_operations!`), and its `Inner` has:
///
/// - `writer`, the group-commit `Writer` the records go through, and `options`;
/// - the pools `queue`'s writes and reads run on, the fields `$writes` and `$reads`;
/// - `sync()`, which makes what `$writes` committed durable;
/// - `write_stats()` and `close()`.
///
/// `claim` and `complete` are written like closures of `inner` (`&Inner`) and the
/// method's arguments: where the backend's claims and completions go.
macro_rules! impl_store {
    (
        $store:ident {
            writes: $writes:ident,
            reads: $reads:ident,
            claim: |$claim_inner:ident, $worker:ident, $limit:ident, $lease:ident| $claim:expr,
            complete: |$complete_inner:ident, $id:ident, $completing:ident| $complete:expr $(,)?
        }
    ) => {
        mod store_impl {
            use std::future::Future;
            use std::time::{Duration, SystemTime};

            use super::{queue, $store};
            use $crate::store::error::StoreError;
            use $crate::store::filter::DeliveryFilter;
            use $crate::store::model::{
                DeliveryId, DeliverySummary, Failed, NewDelivery, Recorded, Start, StoredDelivery,
                VolumeBucket, WriteStats,
            };
            use $crate::store::retry::RetryPolicy;
            use $crate::store::{Store, StoreFuture};

            /// `write` (a write on `inner.$writes` outside the writer's batches), answered
            /// once `inner.sync()` made it durable.
            async fn durably<T>(
                write: impl Future<Output = Result<T, StoreError>>,
                inner: &super::Inner,
            ) -> Result<T, StoreError> {
                let written = write.await?;
                inner.sync().await?;
                Ok(written)
            }

            impl Store for $store {
                fn record_accepted(
                    &self,
                    delivery: NewDelivery,
                    start: Start,
                ) -> StoreFuture<'_, Recorded> {
                    let inner = &*self.inner;
                    Box::pin(
                        inner
                            .writer
                            .record_accepted(delivery, start, &inner.options),
                    )
                }

                fn record_rejected(
                    &self,
                    delivery: NewDelivery,
                    reason: String,
                ) -> StoreFuture<'_, DeliveryId> {
                    let inner = &*self.inner;
                    Box::pin(async move {
                        inner
                            .writer
                            .record_rejected(delivery, &reason, &inner.options)
                            .await
                    })
                }

                fn claim<'a>(
                    &'a self,
                    $worker: &'a str,
                    $limit: usize,
                    $lease: Duration,
                ) -> StoreFuture<'a, Vec<StoredDelivery>> {
                    let $claim_inner = &*self.inner;
                    Box::pin($claim)
                }

                fn renew<'a>(
                    &'a self,
                    id: DeliveryId,
                    worker: &'a str,
                    lease: Duration,
                ) -> StoreFuture<'a, ()> {
                    let inner = &*self.inner;
                    let renewed = queue::renew(&inner.$writes, id, worker, lease);
                    Box::pin(durably(renewed, inner))
                }

                fn complete<'a>(
                    &'a self,
                    $id: DeliveryId,
                    $completing: &'a str,
                ) -> StoreFuture<'a, ()> {
                    let $complete_inner = &*self.inner;
                    Box::pin($complete)
                }

                fn fail<'a>(
                    &'a self,
                    id: DeliveryId,
                    worker: &'a str,
                    error: &'a str,
                    policy: &'a RetryPolicy,
                ) -> StoreFuture<'a, Failed> {
                    let inner = &*self.inner;
                    let max = inner.options.max_error_len;
                    let failed = queue::fail(&inner.$writes, id, worker, error, policy, max);
                    Box::pin(durably(failed, inner))
                }

                fn fail_inline<'a>(
                    &'a self,
                    id: DeliveryId,
                    worker: &'a str,
                    error: &'a str,
                ) -> StoreFuture<'a, ()> {
                    let inner = &*self.inner;
                    let max = inner.options.max_error_len;
                    let failed = queue::fail_inline(&inner.$writes, id, worker, error, max);
                    Box::pin(durably(failed, inner))
                }

                fn release<'a>(&'a self, worker: &'a str) -> StoreFuture<'a, u64> {
                    let inner = &*self.inner;
                    Box::pin(durably(queue::release(&inner.$writes, worker), inner))
                }

                fn replay(&self, id: DeliveryId) -> StoreFuture<'_, ()> {
                    let inner = &*self.inner;
                    Box::pin(durably(queue::replay(&inner.$writes, id), inner))
                }

                fn replay_matching<'a>(
                    &'a self,
                    filter: &'a DeliveryFilter,
                ) -> StoreFuture<'a, u64> {
                    let inner = &*self.inner;
                    let replayed = queue::replay_matching(&inner.$writes, filter);
                    Box::pin(durably(replayed, inner))
                }

                fn list<'a>(
                    &'a self,
                    filter: &'a DeliveryFilter,
                ) -> StoreFuture<'a, Vec<DeliverySummary>> {
                    Box::pin(queue::list(&self.inner.$reads, filter))
                }

                fn count<'a>(&'a self, filter: &'a DeliveryFilter) -> StoreFuture<'a, u64> {
                    Box::pin(queue::count(&self.inner.$reads, filter, false))
                }

                fn count_replayable<'a>(
                    &'a self,
                    filter: &'a DeliveryFilter,
                ) -> StoreFuture<'a, u64> {
                    Box::pin(queue::count(&self.inner.$reads, filter, true))
                }

                fn volume(
                    &self,
                    since: SystemTime,
                    bucket: Duration,
                ) -> StoreFuture<'_, Vec<VolumeBucket>> {
                    Box::pin(queue::volume(&self.inner.$reads, since, bucket))
                }

                fn get(&self, id: DeliveryId) -> StoreFuture<'_, Option<StoredDelivery>> {
                    Box::pin(queue::get(&self.inner.$reads, id))
                }

                fn prune(&self, older_than: Duration) -> StoreFuture<'_, u64> {
                    let inner = &*self.inner;
                    Box::pin(durably(queue::prune(&inner.$writes, older_than), inner))
                }

                fn write_stats(&self) -> WriteStats {
                    self.inner.write_stats()
                }

                fn close(&self) -> StoreFuture<'_, ()> {
                    let inner = &*self.inner;
                    Box::pin(async move {
                        inner.close().await;
                        Ok(())
                    })
                }
            }
        }
    };
}
