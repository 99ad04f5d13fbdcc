//! Every answer the endpoint gives, with its status code and short, stable JSON body.
//!
//! | outcome | status | body `error`/`status` |
//! |---|---|---|
//! | handled by every matching handler | 200 | `handled` |
//! | verified, no handler for the event | 200 | `ignored` |
//! | stored for the background workers (queued mode) | 200 | `queued` |
//! | the same delivery was already stored | 200 | `duplicate` |
//! | the store could not be written | 503 | `store_unavailable` |
//! | missing or bad signature, stale timestamp | 401 | `invalid_signature` |
//! | malformed JSON, missing envelope fields, payload not fitting the handler's type | 400 | `invalid_payload` |
//! | body over the limit | 413 | `payload_too_large` |
//! | a `Content-Type` the provider never sends | 415 | `unsupported_media_type` |
//! | body not received within the read timeout | 408 | `request_timeout` |
//! | a method other than `POST` | 405, `Allow: POST` | `method_not_allowed` |
//! | a path no endpoint serves | 404 | `not_found` |
//! | a handler failed, panicked or timed out | 500 | `handler_failed` (no detail) |

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};
use serde_json::json;

/// An answer to one delivery.
#[derive(Debug)]
#[cfg_attr(not(feature = "store"), allow(dead_code))]
pub(crate) enum Reply {
    Handled,
    Ignored { event: String },
    InvalidSignature(String),
    InvalidPayload(String),
    PayloadTooLarge { limit: usize },
    UnsupportedMediaType { expected: &'static [&'static str] },
    RequestTimeout,
    HandlerFailed { errors: String },
    Queued,
    Duplicate { status: &'static str },
    StoreUnavailable,
}

impl Reply {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Reply::Handled | Reply::Ignored { .. } | Reply::Queued | Reply::Duplicate { .. } => {
                StatusCode::OK
            }
            Reply::StoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Reply::InvalidSignature(_) => StatusCode::UNAUTHORIZED,
            Reply::InvalidPayload(_) => StatusCode::BAD_REQUEST,
            Reply::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Reply::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Reply::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Reply::HandlerFailed { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn body(&self) -> serde_json::Value {
        match self {
            Reply::Handled => json!({ "status": "handled" }),
            Reply::Ignored { event } => {
                json!({ "status": "ignored", "reason": format!("no handler for event `{event}`") })
            }
            Reply::InvalidSignature(message) => {
                json!({ "error": "invalid_signature", "message": message })
            }
            Reply::InvalidPayload(message) => {
                json!({ "error": "invalid_payload", "message": message })
            }
            Reply::PayloadTooLarge { limit } => json!({
                "error": "payload_too_large",
                "message": format!("body exceeds the {limit}-byte limit"),
            }),
            Reply::UnsupportedMediaType { expected } => json!({
                "error": "unsupported_media_type",
                "message": format!("this endpoint takes {}", expected.join(" or ")),
            }),
            Reply::RequestTimeout => json!({
                "error": "request_timeout",
                "message": "the body was not received in time",
            }),
            Reply::HandlerFailed { .. } => json!({ "error": "handler_failed" }),
            Reply::Queued => json!({ "status": "queued" }),
            Reply::Duplicate { status } => json!({ "status": "duplicate", "stored_as": status }),
            Reply::StoreUnavailable => json!({ "error": "store_unavailable" }),
        }
    }
}

impl Reply {
    /// Why a request was refused, for logs and the delivery log.
    pub(crate) fn reason(&self) -> String {
        match self {
            Reply::InvalidSignature(message) | Reply::InvalidPayload(message) => message.clone(),
            other => other
                .body()
                .get("error")
                .and_then(|e| e.as_str())
                .unwrap_or("ok")
                .to_owned(),
        }
    }

    #[cfg_attr(not(any(feature = "store", feature = "file-log")), allow(dead_code))]
    /// What to record when the delivery failed: the handler errors (never sent to the
    /// provider), or why its payload did not fit; `None` when it succeeded.
    pub(crate) fn failure(&self) -> Option<String> {
        match self {
            Reply::HandlerFailed { errors } => Some(errors.clone()),
            Reply::InvalidPayload(message) => Some(message.clone()),
            _ => None,
        }
    }

    /// The response, with the provider's success status for handled and ignored
    /// deliveries (a `204` carries no body).
    pub(crate) fn into_response_with(self, success: StatusCode) -> Response {
        let succeeded = self.status() == StatusCode::OK;
        if !succeeded || success == StatusCode::OK {
            return self.into_response();
        }
        if success == StatusCode::NO_CONTENT {
            return success.into_response();
        }
        let mut response = self.into_response();
        *response.status_mut() = success;
        response
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        // The common answer is written directly: no JSON tree for every delivery.
        let body = match &self {
            Reply::Handled => Body::from(r#"{"status":"handled"}"#),
            Reply::Queued => Body::from(r#"{"status":"queued"}"#),
            other => Body::from(other.body().to_string()),
        };
        json_text_response(self.status(), body)
    }
}

/// A response with a JSON body.
pub(crate) fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    json_text_response(status, Body::from(body.to_string()))
}

fn json_text_response(status: StatusCode, body: Body) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `405` for any method but `POST`, with `Allow: POST`.
pub(crate) async fn method_not_allowed() -> Response {
    method_not_allowed_now()
}

/// [`method_not_allowed`]'s answer, built without a future (a provider's default
/// `answer_get`).
pub(crate) fn method_not_allowed_now() -> Response {
    let mut response = json_response(
        StatusCode::METHOD_NOT_ALLOWED,
        &json!({ "error": "method_not_allowed", "message": "webhook endpoints take POST" }),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST"));
    response
}

/// `404` for a path no endpoint serves.
pub(crate) async fn not_found() -> Response {
    json_response(StatusCode::NOT_FOUND, &json!({ "error": "not_found" }))
}
