//! Step 1, reading: the content type, then the body, bounded in size and in time.

use axum::body::Body;
use bytes::Bytes;
use http::request::Parts;
use http::HeaderMap;

use super::deadline::within;
use super::Limits;
use crate::provider::Provider;
use crate::response::Reply;

/// Reads the raw body of a request to `P`'s endpoint, or says why it is refused:
/// `415` for a content type `P` never sends, `413` over the size limit, `408` when the
/// body does not arrive within the read timeout.
pub(super) async fn read_request<P: Provider>(
    parts: &Parts,
    body: Body,
    limits: Limits,
) -> Result<Bytes, Reply> {
    check_content_type::<P>(parts)?;
    match within(limits.read_timeout, read_body(body, parts, limits.body)).await {
        Ok(read) => read,
        Err(_) => Err(Reply::RequestTimeout),
    }
}

/// Refuses a `Content-Type` the provider never sends; an absent one is accepted.
fn check_content_type<P: Provider>(parts: &Parts) -> Result<(), Reply> {
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
