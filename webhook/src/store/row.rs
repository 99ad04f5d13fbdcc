//! Reading rows back, the same way on both backends: every integer column is a 64-bit
//! integer, text is text, the body is a blob.

use bytes::Bytes;
use sqlx::{ColumnIndex, Decode, Row, Type};

use super::error::StoreError;
use super::model::{
    from_millis, DeliveryId, DeliveryStatus, DeliverySummary, StoredDelivery, UnknownStatus,
};
use super::packing::unpack;
use crate::redact::decode_headers;

/// A row of `summary_columns!()`.
pub(crate) fn summary<R>(row: &R) -> Result<DeliverySummary, StoreError>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    let id = DeliveryId(get::<R, i64>(row, "id")?);
    let status = status(row, id)?;
    let attempts: i64 = get(row, "attempts")?;
    let secret_index: Option<i64> = get(row, "secret_index")?;
    Ok(DeliverySummary {
        id,
        provider: get(row, "provider")?,
        endpoint: get(row, "endpoint")?,
        event: get(row, "event")?,
        delivery_id: get(row, "delivery_id")?,
        delivery_key: get(row, "delivery_key")?,
        status,
        attempts: u32::try_from(attempts).unwrap_or(0),
        last_error: get(row, "last_error")?,
        secret_index: secret_index.and_then(|index| usize::try_from(index).ok()),
        received_at: from_millis(get(row, "received_at")?),
        updated_at: from_millis(get(row, "updated_at")?),
        claimed_by: get(row, "claimed_by")?,
        lease_until: get::<R, Option<i64>>(row, "lease_until")?.map(from_millis),
        next_attempt_at: get::<R, Option<i64>>(row, "next_attempt_at")?.map(from_millis),
    })
}

/// A row of `full_columns!()`.
pub(crate) fn delivery<R>(row: &R) -> Result<StoredDelivery, StoreError>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    let summary = summary(row)?;
    let headers: String = get(row, "headers")?;
    let headers = decode_headers(&headers).map_err(|reason| StoreError::Corrupt {
        id: summary.id,
        reason,
    })?;
    let body: Vec<u8> = get(row, "body")?;
    let encoding: Option<String> = get(row, "body_encoding")?;
    let body = unpack(encoding.as_deref(), body).map_err(|reason| StoreError::Corrupt {
        id: summary.id,
        reason,
    })?;
    Ok(StoredDelivery {
        summary,
        headers,
        body: Bytes::from(body),
    })
}

/// The accepted row a new arrival of the same delivery collided with.
#[derive(Debug)]
pub(crate) struct Collided {
    pub(crate) id: DeliveryId,
    pub(crate) status: DeliveryStatus,
    pub(crate) lease_expired: bool,
}

/// A row of `SELECT id, status, <bool> AS lease_expired`.
pub(crate) fn collided<R>(row: &R) -> Result<Collided, StoreError>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> bool: Decode<'r, R::Database> + Type<R::Database>,
{
    let id = DeliveryId(get::<R, i64>(row, "id")?);
    Ok(Collided {
        id,
        status: status(row, id)?,
        lease_expired: get(row, "lease_expired")?,
    })
}

fn status<R>(row: &R, id: DeliveryId) -> Result<DeliveryStatus, StoreError>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    let name: String = get(row, "status")?;
    name.parse()
        .map_err(|error: UnknownStatus| StoreError::Corrupt {
            id,
            reason: error.to_string(),
        })
}

fn get<'r, R, T>(row: &'r R, column: &str) -> Result<T, StoreError>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    T: Decode<'r, R::Database> + Type<R::Database>,
{
    row.try_get(column)
        .map_err(StoreError::database("reading a delivery row"))
}
