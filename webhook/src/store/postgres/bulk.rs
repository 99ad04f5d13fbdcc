//! One statement per kind of write in a batch: every new accepted row in one `INSERT`
//! from arrays, every rejected one in another, every completion in one `UPDATE`. The
//! writer is one connection; a statement per row would be a round trip per row.

use sqlx::PgConnection;

use crate::store::batch::{inserted_ids, start_columns, CarriedOut, PreparedDelivery};
use crate::store::error::StoreError;
use crate::store::model::{DeliveryId, Start};

/// New accepted rows; a delivery that already has one is left out (`DO NOTHING`), and
/// its arrival goes the one-row way. `ORDER BY ord` keeps the batch's lock order.
const INSERT_ACCEPTED: &str = concat!(
    "INSERT INTO deliveries (",
    accepted_columns!(),
    ", headers, body, body_encoding) \
     SELECT provider, endpoint, event, delivery_id, delivery_key, status, attempts, \
     secret_index, received_at, ",
    now_ms!(),
    ", claimed_by, ",
    now_ms!(),
    " + lease, headers, body, body_encoding \
     FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], \
     $7::bigint[], $8::bigint[], $9::bigint[], $10::text[], $11::bigint[], $12::text[], \
     $13::bytea[], $14::text[]) WITH ORDINALITY AS input(provider, endpoint, event, \
     delivery_id, delivery_key, status, attempts, secret_index, received_at, claimed_by, \
     lease, headers, body, body_encoding, ord) ORDER BY ord",
    unless_accepted!(),
    " RETURNING id, provider, endpoint, delivery_key"
);

/// Rejected rows, inserted in array order, so their ids ascend in that order.
const INSERT_REJECTED: &str = concat!(
    "INSERT INTO deliveries (provider, endpoint, event, delivery_id, delivery_key, status, \
     attempts, last_error, secret_index, received_at, updated_at, headers, body, \
     body_encoding) \
     SELECT provider, endpoint, event, delivery_id, delivery_key, 'rejected', 0, reason, \
     secret_index, received_at, ",
    now_ms!(),
    ", headers, body, body_encoding \
     FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], \
     $7::bigint[], $8::bigint[], $9::text[], $10::bytea[], $11::text[]) WITH ORDINALITY AS \
     input(provider, endpoint, event, delivery_id, delivery_key, reason, secret_index, \
     received_at, headers, body, body_encoding, ord) ORDER BY ord \
     RETURNING id"
);

/// Completions: only where the asking worker still holds the lease.
const COMPLETE: &str = concat!(
    "UPDATE deliveries AS d SET status = 'succeeded', lease_until = NULL, updated_at = ",
    now_ms!(),
    " FROM UNNEST($1::bigint[], $2::text[]) AS done(id, worker) \
     WHERE d.id = done.id AND d.status = 'processing' AND d.claimed_by = done.worker \
     RETURNING d.id, done.worker"
);

const STATUSES_OF: &str = "SELECT id, status FROM deliveries WHERE id = ANY($1)";

/// Inserts each delivery that has no accepted row yet (the deliveries' keys are
/// distinct); returns the new ids, `None` where a row was there already.
pub(super) async fn insert_accepted(
    conn: &mut PgConnection,
    deliveries: &[(&PreparedDelivery, &Start)],
) -> Result<Vec<Option<DeliveryId>>, StoreError> {
    let mut columns = AcceptedColumns::default();
    for &(delivery, start) in deliveries {
        columns.push(delivery, start);
    }
    let AcceptedColumns {
        provider,
        endpoint,
        event,
        delivery_id,
        delivery_key,
        status,
        attempts,
        secret_index,
        received_at,
        claimed_by,
        lease,
        headers,
        body,
        body_encoding,
    } = columns;
    let rows = sqlx::query(INSERT_ACCEPTED)
        .bind(provider)
        .bind(endpoint)
        .bind(event)
        .bind(delivery_id)
        .bind(delivery_key)
        .bind(status)
        .bind(attempts)
        .bind(secret_index)
        .bind(received_at)
        .bind(claimed_by)
        .bind(lease)
        .bind(headers)
        .bind(body)
        .bind(body_encoding)
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::recording)?;
    inserted_ids(&rows, deliveries).map_err(StoreError::recording)
}

/// The accepted rows' columns, one array each.
#[derive(Default)]
struct AcceptedColumns<'a> {
    provider: Vec<&'a str>,
    endpoint: Vec<&'a str>,
    event: Vec<Option<&'a str>>,
    delivery_id: Vec<Option<&'a str>>,
    delivery_key: Vec<&'a str>,
    status: Vec<&'static str>,
    attempts: Vec<i64>,
    secret_index: Vec<Option<i64>>,
    received_at: Vec<i64>,
    claimed_by: Vec<Option<&'a str>>,
    lease: Vec<Option<i64>>,
    headers: Vec<&'a str>,
    body: Vec<&'a [u8]>,
    body_encoding: Vec<Option<&'static str>>,
}

impl<'a> AcceptedColumns<'a> {
    fn push(&mut self, delivery: &'a PreparedDelivery, start: &'a Start) {
        let PreparedDelivery {
            provider,
            endpoint,
            event,
            delivery_id,
            delivery_key,
            headers,
            body,
            body_encoding,
            received_at,
            secret_index,
        } = delivery;
        let (status, worker, lease, attempts) = start_columns(start);
        self.provider.push(provider);
        self.endpoint.push(endpoint);
        self.event.push(event.as_deref());
        self.delivery_id.push(delivery_id.as_deref());
        self.delivery_key.push(delivery_key);
        self.status.push(status);
        self.attempts.push(attempts);
        self.secret_index.push(*secret_index);
        self.received_at.push(*received_at);
        self.claimed_by.push(worker);
        self.lease.push(lease);
        self.headers.push(headers);
        self.body.push(body.as_ref());
        self.body_encoding.push(*body_encoding);
    }
}

/// Inserts the rejected requests, with their reasons; returns their ids, in order.
pub(super) async fn insert_rejected(
    conn: &mut PgConnection,
    rejected: &[(&PreparedDelivery, &str)],
) -> Result<Vec<DeliveryId>, StoreError> {
    let mut provider = Vec::with_capacity(rejected.len());
    let mut endpoint = Vec::with_capacity(rejected.len());
    let mut event = Vec::with_capacity(rejected.len());
    let mut delivery_id = Vec::with_capacity(rejected.len());
    let mut delivery_key = Vec::with_capacity(rejected.len());
    let mut reasons = Vec::with_capacity(rejected.len());
    let mut secret_index = Vec::with_capacity(rejected.len());
    let mut received_at = Vec::with_capacity(rejected.len());
    let mut headers = Vec::with_capacity(rejected.len());
    let mut body = Vec::with_capacity(rejected.len());
    let mut body_encoding = Vec::with_capacity(rejected.len());
    for &(delivery, reason) in rejected {
        let PreparedDelivery {
            provider: delivery_provider,
            endpoint: delivery_endpoint,
            event: delivery_event,
            delivery_id: id,
            delivery_key: key,
            headers: delivery_headers,
            body: delivery_body,
            body_encoding: encoding,
            received_at: delivery_received_at,
            secret_index: index,
        } = delivery;
        provider.push(delivery_provider.as_str());
        endpoint.push(delivery_endpoint.as_str());
        event.push(delivery_event.as_deref());
        delivery_id.push(id.as_deref());
        delivery_key.push(key.as_str());
        reasons.push(reason);
        secret_index.push(*index);
        received_at.push(*delivery_received_at);
        headers.push(delivery_headers.as_str());
        body.push(delivery_body.as_ref());
        body_encoding.push(*encoding);
    }
    let mut ids: Vec<i64> = sqlx::query_scalar(INSERT_REJECTED)
        .bind(provider)
        .bind(endpoint)
        .bind(event)
        .bind(delivery_id)
        .bind(delivery_key)
        .bind(reasons)
        .bind(secret_index)
        .bind(received_at)
        .bind(headers)
        .bind(body)
        .bind(body_encoding)
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::recording)?;
    if ids.len() != rejected.len() {
        return Err(StoreError::recording(sqlx::Error::RowNotFound));
    }
    // One statement draws its identities in insertion order.
    ids.sort_unstable();
    Ok(ids.into_iter().map(DeliveryId).collect())
}

/// Completes each `(id, worker)` the worker still holds; the others get
/// [`StoreError::LeaseLost`] (or [`StoreError::NotFound`]) and are left alone. The
/// outer `Err` fails the batch.
pub(super) async fn complete(
    conn: &mut PgConnection,
    completions: &[(DeliveryId, &str)],
) -> Result<Vec<Result<(), StoreError>>, StoreError> {
    let ids: Vec<i64> = completions.iter().map(|(id, _)| id.0).collect();
    let workers: Vec<&str> = completions.iter().map(|&(_, worker)| worker).collect();
    let rows = sqlx::query(COMPLETE)
        .bind(ids)
        .bind(workers)
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::database("completing deliveries"))?;
    let carried_out = CarriedOut::read(&rows, completions).map_err(StoreError::recording)?;
    carried_out
        .outcomes(async |refused| {
            sqlx::query_as(STATUSES_OF)
                .bind(refused)
                .fetch_all(conn)
                .await
        })
        .await
}
