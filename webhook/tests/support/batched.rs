//! Suite cases for what group commit batches together: many records with copies, and
//! workers' completions sharing one transaction. `block_writes_for` holds the writes
//! back so everything handed in meanwhile lands in one batch.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Barrier;
use webhook::store::{
    unique_worker_id, DeliveryFilter, DeliveryId, DeliveryStatus, Recorded, Start, StoreError,
};

use super::{delivery, Backend};

const LEASE: Duration = Duration::from_secs(30);

pub(crate) async fn a_batch_with_copies_makes_one_new_row_per_delivery(backend: &impl Backend) {
    let store = backend.open().await;
    let earlier = store
        .record_accepted(
            delivery(Some("evt_mixed_old"), "invoice.paid", "{}"),
            Start::Queued,
        )
        .await
        .expect("record")
        .id();
    backend.block_writes_for(Duration::from_millis(400)).await;
    // 10 deliveries × 3 copies, 3 copies of one stored before, 5 rejected requests.
    let requests: Vec<Option<String>> = (0..30)
        .map(|n| Some(format!("evt_mixed_{}", n % 10)))
        .chain((0..3).map(|_| Some("evt_mixed_old".to_owned())))
        .chain((0..5).map(|_| None))
        .collect();
    let barrier = Arc::new(Barrier::new(requests.len()));
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|id| {
            let store = Arc::clone(&store);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                barrier.wait().await;
                match id {
                    Some(id) => {
                        let d = delivery(Some(&id), "invoice.paid", "{}");
                        let recorded = store.record_accepted(d, Start::Queued).await;
                        (Some(id), recorded.expect("record"))
                    }
                    None => {
                        let d = delivery(None, "invoice.paid", "not signed");
                        let id = store.record_rejected(d, "bad signature".into()).await;
                        (
                            None,
                            Recorded::New {
                                id: id.expect("reject"),
                            },
                        )
                    }
                }
            })
        })
        .collect();
    let mut by_key: BTreeMap<Option<String>, Vec<Recorded>> = BTreeMap::new();
    for task in tasks {
        let (key, recorded) = task.await.expect("task");
        by_key.entry(key).or_default().push(recorded);
    }
    assert!(
        store.write_stats().largest_batch >= 2,
        "{:?}",
        store.write_stats()
    );
    for (key, outcomes) in &by_key {
        let new = outcomes
            .iter()
            .filter(|o| matches!(o, Recorded::New { .. }))
            .count();
        match key.as_deref() {
            None => assert_eq!(new, 5, "rejected requests are each a row: {outcomes:?}"),
            Some("evt_mixed_old") => {
                assert_eq!(new, 0, "{outcomes:?}");
                assert!(outcomes.iter().all(|o| o.id() == earlier), "{outcomes:?}");
            }
            Some(_) => {
                assert_eq!(new, 1, "{key:?}: {outcomes:?}");
                let first = outcomes[0].id();
                assert!(outcomes.iter().all(|o| o.id() == first), "{outcomes:?}");
            }
        }
    }
    let rejected: Vec<DeliveryId> = by_key[&None].iter().map(Recorded::id).collect();
    let distinct: std::collections::BTreeSet<_> = rejected.iter().collect();
    assert_eq!(distinct.len(), 5, "{rejected:?}");
    let rows = store.list(&DeliveryFilter::new()).await.expect("list");
    assert_eq!(rows.len(), 1 + 10 + 5);
}

pub(crate) async fn batched_completions_respect_lease_ownership(backend: &impl Backend) {
    let store = backend.open().await;
    for n in 0..10 {
        let d = delivery(Some(&format!("evt_done_{n}")), "invoice.paid", "{}");
        store
            .record_accepted(d, Start::Queued)
            .await
            .expect("record");
    }
    let (stalled, healthy) = (unique_worker_id("stalled"), unique_worker_id("healthy"));
    let first = store
        .claim(&stalled, 10, Duration::from_millis(300))
        .await
        .expect("claim");
    assert_eq!(first.len(), 10);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let taken: Vec<DeliveryId> = store
        .claim(&healthy, 5, LEASE)
        .await
        .expect("claim")
        .iter()
        .map(|d| d.id())
        .collect();
    assert_eq!(taken.len(), 5);

    // Every completion waits for the same transaction: the stalled worker's of all
    // ten, the healthy one's of its five, and one of them twice.
    backend.block_writes_for(Duration::from_millis(400)).await;
    let mut asks: Vec<(DeliveryId, String)> = first
        .iter()
        .map(|d| (d.id(), stalled.clone()))
        .chain(taken.iter().map(|&id| (id, healthy.clone())))
        .collect();
    asks.push((taken[0], healthy.clone()));
    let tasks: Vec<_> = asks
        .into_iter()
        .map(|(id, worker)| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let result = store.complete(id, &worker).await;
                (id, worker, result)
            })
        })
        .collect();
    let mut succeeded: BTreeMap<DeliveryId, Vec<String>> = BTreeMap::new();
    for task in tasks {
        let (id, worker, result) = task.await.expect("task");
        match result {
            Ok(()) => succeeded.entry(id).or_default().push(worker),
            Err(StoreError::LeaseLost { .. }) => {}
            Err(error) => panic!("complete {id} by {worker}: {error}"),
        }
    }
    assert!(
        store.write_stats().worker_writes >= 16,
        "{:?}",
        store.write_stats()
    );
    assert_eq!(succeeded.len(), 10, "{succeeded:?}");
    for (id, workers) in &succeeded {
        let holder = if taken.contains(id) {
            &healthy
        } else {
            &stalled
        };
        assert_eq!(workers, std::slice::from_ref(holder), "{id}");
    }
    let done = store
        .list(&DeliveryFilter::new().status(DeliveryStatus::Succeeded))
        .await
        .expect("list");
    assert_eq!(done.len(), 10);
}
