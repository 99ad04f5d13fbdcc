//! Every answer the endpoint gives, with its status code and short, stable JSON body.
//!
//! | outcome | status | body `error`/`status` |
//! |---|---|---|
//! | handled | 200 | `handled` |
//! | verified, no handler for the event | 200 | `ignored` |
//! | missing or bad signature, stale timestamp | 401 | `invalid_signature` |
//! | malformed JSON, missing envelope fields, payload not fitting the handler's type | 400 | `invalid_payload` |
//! | body over the limit | 413 | `payload_too_large` |
//! | a handler failed or panicked | 500 | `handler_failed` (no detail) |

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};
use serde_json::json;

/// An answer to one delivery.
#[derive(Debug)]
pub(crate) enum Reply {
    Handled { handlers: usize },
    Ignored { event: String },
    InvalidSignature(String),
    InvalidPayload(String),
    PayloadTooLarge { limit: usize },
    HandlerFailed,
}

impl Reply {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Reply::Handled { .. } | Reply::Ignored { .. } => StatusCode::OK,
            Reply::InvalidSignature(_) => StatusCode::UNAUTHORIZED,
            Reply::InvalidPayload(_) => StatusCode::BAD_REQUEST,
            Reply::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Reply::HandlerFailed => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn body(&self) -> serde_json::Value {
        match self {
            Reply::Handled { handlers } => json!({ "status": "handled", "handlers": handlers }),
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
            Reply::HandlerFailed => json!({ "error": "handler_failed" }),
        }
    }
}

impl Reply {
    /// The response, with the provider's success status for handled and ignored
    /// deliveries (a `204` carries no body).
    pub(crate) fn into_response_with(self, success: StatusCode) -> Response {
        let succeeded = matches!(self, Reply::Handled { .. } | Reply::Ignored { .. });
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
        json_response(self.status(), &self.body())
    }
}

/// A response with a JSON body.
pub(crate) fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
