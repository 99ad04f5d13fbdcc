//! How a batch's statements come back to its requests: which records a bulk insert
//! takes (each delivery's first arrival in the batch), which of them it made a row
//! for, and what a bulk completion carried out. The same for both backends, whatever
//! their statements.

use std::collections::{HashMap, HashSet};

use super::request::{PreparedDelivery, WriteRequest, Written};
use crate::store::error::{lease_error, StoreError};
use crate::store::model::{DeliveryId, Recorded, Start};

/// The first arrival of each delivery in a batch: the records a bulk insert can write
/// in one statement (a later copy must see the first's row, so it goes the one-row way
/// after them).
pub(crate) struct FirstArrivals<'a> {
    /// Where each row's request sits in the batch.
    indices: Vec<usize>,
    /// The rows, as the backends' bulk inserts take them.
    pub(crate) rows: Vec<(&'a PreparedDelivery, &'a Start)>,
}

pub(crate) fn first_arrivals<'a>(requests: &[&'a WriteRequest]) -> FirstArrivals<'a> {
    let mut seen = HashSet::new();
    let mut firsts = FirstArrivals {
        indices: Vec::new(),
        rows: Vec::new(),
    };
    for (index, request) in requests.iter().enumerate() {
        if let WriteRequest::Accepted { delivery, start } = request {
            if seen.insert(delivery.dedupe_key()) {
                firsts.indices.push(index);
                firsts.rows.push((delivery, start));
            }
        }
    }
    firsts
}

impl FirstArrivals<'_> {
    /// Whether every request of the batch is a first arrival: the bulk insert is then
    /// all the batch writes.
    pub(crate) fn is_whole_batch(&self, requests: &[&WriteRequest]) -> bool {
        self.indices.len() == requests.len()
    }

    /// Fills in the outcome of each row the bulk insert made (`inserted[i]` is
    /// `rows[i]`'s new id); the others are left for the one-row way.
    pub(crate) fn record(
        &self,
        inserted: Vec<Option<DeliveryId>>,
        outcomes: &mut [Option<Written>],
    ) {
        for (&index, id) in self.indices.iter().zip(inserted) {
            if let Some(id) = id {
                outcomes[index] = Some(Written::Recorded(Recorded::New { id }));
            }
        }
    }
}

/// Which of `deliveries` a bulk insert made a row for (`RETURNING id, provider,
/// endpoint, delivery_key`; a delivery that had a row already returns none), in order.
pub(crate) fn inserted_ids<R>(
    rows: &[R],
    deliveries: &[(&PreparedDelivery, &Start)],
) -> Result<Vec<Option<DeliveryId>>, sqlx::Error>
where
    R: sqlx::Row,
    for<'c> &'c str: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    // Keyed by the deliveries' own strings: a row is looked up without copying them.
    let index: HashMap<(&str, &str, &str), usize> = deliveries
        .iter()
        .enumerate()
        .map(|(at, &(delivery, _))| (delivery.dedupe_key(), at))
        .collect();
    let mut ids = vec![None; deliveries.len()];
    for row in rows {
        let provider: String = row.try_get("provider")?;
        let endpoint: String = row.try_get("endpoint")?;
        let key: String = row.try_get("delivery_key")?;
        if let Some(&at) = index.get(&(provider.as_str(), endpoint.as_str(), key.as_str())) {
            ids[at] = Some(DeliveryId(row.try_get("id")?));
        }
    }
    Ok(ids)
}

/// What a bulk completion carried out, read from the rows it returned (`RETURNING id,
/// … AS worker`). Each row completes once: a second completion of it in the batch is
/// refused, as it would be one after the other.
pub(crate) struct CarriedOut<'a> {
    completions: &'a [(DeliveryId, &'a str)],
    /// Per completion, in order: whether it was carried out.
    done: Vec<bool>,
}

impl<'a> CarriedOut<'a> {
    pub(crate) fn read<R>(
        rows: &[R],
        completions: &'a [(DeliveryId, &'a str)],
    ) -> Result<Self, sqlx::Error>
    where
        R: sqlx::Row,
        for<'c> &'c str: sqlx::ColumnIndex<R>,
        for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    {
        let mut returned = HashSet::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.try_get("id")?;
            let worker: String = row.try_get("worker")?;
            returned.insert((id, worker));
        }
        let done = completions
            .iter()
            .map(|&(id, worker)| returned.remove(&(id.0, worker.to_owned())))
            .collect();
        Ok(CarriedOut { completions, done })
    }

    /// The rows of the refused completions: their status says why.
    fn refused_ids(&self) -> Vec<i64> {
        self.completions
            .iter()
            .zip(&self.done)
            .filter(|&(_, &done)| !done)
            .map(|(&(id, _), _)| id.0)
            .collect()
    }

    /// One outcome per completion, in order. `statuses_of` reads the status of the
    /// refused completions' rows, given their ids, in one statement (a row it does not
    /// return is gone); it is not called when none was refused.
    pub(crate) async fn outcomes(
        self,
        statuses_of: impl AsyncFnOnce(&[i64]) -> Result<Vec<(i64, String)>, sqlx::Error>,
    ) -> Result<Vec<Result<(), StoreError>>, StoreError> {
        let refused = self.refused_ids();
        let statuses: HashMap<i64, String> = if refused.is_empty() {
            HashMap::new()
        } else {
            let rows = statuses_of(&refused)
                .await
                .map_err(StoreError::database("completing deliveries"))?;
            rows.into_iter().collect()
        };
        Ok(self
            .completions
            .iter()
            .zip(self.done)
            .map(|(&(id, worker), done)| match done {
                true => Ok(()),
                false => Err(lease_error(id, worker, Ok(statuses.get(&id.0).cloned()))),
            })
            .collect())
    }
}
