//! Step 1, reading: the content type, then the body, bounded in size and in time.

use axum::body::Body;
use bytes::Bytes;
use http::request::Parts;
use http::HeaderMap;

use std::future::Future;

use super::deadline::{within, Within};
use super::Limits;
use crate::provider::Provider;
use crate::response::Reply;

/// The raw body, bounded in size (`413` over the limit) and in time (the read
/// timeout, answered `408`). A plain fn returning the future: an `async fn` would keep
/// its arguments in every request's future beside the read's own.
pub(super) fn read_bounded(
    body: Body,
    parts: &Parts,
    limits: Limits,
) -> Within<impl Future<Output = Result<Bytes, Reply>> + '_> {
    within(limits.read_timeout, read_body(body, parts, limits.body))
}

/// Refuses a `Content-Type` the provider never sends (`415`); an absent one is
/// accepted.
pub(super) fn check_content_type<P: Provider>(parts: &Parts) -> Result<(), Reply> {
    if P::CONTENT_TYPES.is_empty() {
        return Ok(());
    }
    let Some(value) = parts.headers.get(http::header::CONTENT_TYPE) else {
        return Ok(());
    };
    // The media type is what precedes any `;` (parameters such as `charset`), compared
    // byte by byte: a value that is not visible ASCII matches no accepted type.
    let value = value.as_bytes();
    let essence = value
        .iter()
        .position(|&byte| byte == b';')
        .map_or(value, |end| &value[..end])
        .trim_ascii();
    if P::CONTENT_TYPES
        .iter()
        .any(|accepted| accepted.as_bytes().eq_ignore_ascii_case(essence))
    {
        return Ok(());
    }
    Err(Reply::UnsupportedMediaType {
        expected: P::CONTENT_TYPES,
    })
}

/// Reads the body up to `limit` bytes; a declared or actual larger body is refused
/// without reading it to the end. The declared length is the body's exact size hint
/// when it has one (hyper parsed `Content-Length` already), else the header.
async fn read_body(body: Body, parts: &Parts, limit: usize) -> Result<Bytes, Reply> {
    let declared = match axum::body::HttpBody::size_hint(&body).exact() {
        Some(exact) => Some(exact),
        None => declared_length(&parts.headers),
    };
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Reply::PayloadTooLarge { limit });
    }
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let too_large = std::error::Error::source(&error)
            .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
        if too_large {
            Reply::PayloadTooLarge { limit }
        } else {
            Reply::InvalidPayload(format!("could not read the body: {error}"))
        }
    })
}

/// The `Content-Length` header's value, if it is a number.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}
