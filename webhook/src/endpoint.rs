//! The request path of one provider endpoint, as a straight line:
//! bounded raw body → verify on the raw bytes → parse the envelope once, borrowing →
//! dispatch table → typed arguments → handlers → [`Reply`].

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::FutureExt;
use http::request::Parts;
use tracing::Instrument;

use crate::delivery::DeliveryContext;
use crate::dispatch::DispatchTable;
use crate::handler::{ArgError, HandlerFuture, HandlerInfo};
use crate::provider::{Provider, RawRequest, SuccessBody};
use crate::response::Reply;
use crate::secret::Secret;
use crate::verify::VerifyContext;

/// How one registered handler is called: a plain fn pointer, no boxing per handler.
pub(crate) type CallFn<P, S> =
    for<'a, 'b> fn(&DeliveryContext<'a, 'b, P>, &S) -> Result<HandlerFuture, ArgError>;

/// One handler as the endpoint stores it.
pub(crate) struct Registered<P: Provider, S> {
    pub(crate) info: HandlerInfo,
    pub(crate) call: CallFn<P, S>,
}

impl<P: Provider, S> Clone for Registered<P, S> {
    fn clone(&self) -> Self {
        Registered {
            info: self.info,
            call: self.call,
        }
    }
}

/// Everything one endpoint needs at request time, shared by all its requests.
pub(crate) struct Endpoint<P: Provider, S> {
    /// The endpoint's name (the provider's name for its default endpoint).
    pub(crate) name: String,
    pub(crate) secrets: Vec<Secret>,
    pub(crate) tolerance: Option<Duration>,
    pub(crate) public_url: Option<String>,
    pub(crate) limits: Limits,
    pub(crate) handlers: Vec<Registered<P, S>>,
    pub(crate) table: DispatchTable,
}

impl<P: Provider, S: Clone + Send + Sync + 'static> Endpoint<P, S> {
    /// Answers one request.
    pub(crate) async fn handle(self: Arc<Self>, state: S, request: Request) -> Response {
        let received_at = SystemTime::now();
        let (parts, body) = request.into_parts();
        if let Err(reply) = check_content_type::<P>(&parts) {
            return reply.into_response();
        }
        let read = read_body(body, &parts, self.limits.body);
        let body = match tokio::time::timeout(self.limits.read_timeout, read).await {
            Ok(Ok(body)) => body,
            Ok(Err(reply)) => return reply.into_response(),
            Err(_) => return Reply::RequestTimeout.into_response(),
        };
        let span = tracing::info_span!(
            "webhook",
            provider = P::NAME,
            endpoint = %self.name,
            event = tracing::field::Empty,
            delivery_id = tracing::field::Empty,
        );
        let prepared = span.in_scope(|| self.prepare(&state, &parts, &body, received_at));
        let reply = match prepared {
            Ok(Prepared::Calls(calls, success)) => {
                let timeout = self.limits.handler_timeout;
                match (
                    run_handlers(calls, timeout).instrument(span.clone()).await,
                    success,
                ) {
                    (Reply::Handled { .. }, Some(success)) => return success_response(success),
                    (reply, _) => reply,
                }
            }
            Ok(Prepared::Handshake(response)) => {
                span.in_scope(|| tracing::info!("handshake answered"));
                return response;
            }
            Err(reply) => reply,
        };
        let response = reply.into_response_with(P::SUCCESS_STATUS);
        let status = response.status().as_u16();
        span.in_scope(|| tracing::info!(status, "webhook delivery answered"));
        response
    }

    /// Verifies, parses and dispatches; returns the started handler futures, which
    /// borrow nothing from the request.
    fn prepare(
        &self,
        state: &S,
        parts: &Parts,
        body: &Bytes,
        received_at: SystemTime,
    ) -> Result<Prepared, Reply> {
        let raw = RawRequest {
            headers: &parts.headers,
            uri: &parts.uri,
            body,
        };
        let verify = VerifyContext {
            secrets: &self.secrets,
            tolerance: self.tolerance,
            now: received_at,
            public_url: self.public_url.as_deref(),
        };
        let verified = P::verify(&raw, &verify).map_err(|error| {
            tracing::warn!(%error, "rejected: signature");
            Reply::InvalidSignature(error.to_string())
        })?;
        let envelope = P::parse(&raw).map_err(|error| {
            tracing::warn!(%error, "rejected: envelope");
            Reply::InvalidPayload(error.to_string())
        })?;
        if let Some(response) = P::handshake(&envelope, &verified, &verify) {
            return Ok(Prepared::Handshake(response));
        }
        let context = DeliveryContext {
            endpoint: &self.name,
            headers: &parts.headers,
            body,
            envelope: &envelope,
            received_at,
            secret_index: verified.secret_index,
        };
        let event = context.event_name();
        let span = tracing::Span::current();
        span.record("event", event);
        if let Some(id) = context.delivery_id() {
            span.record("delivery_id", id);
        }
        let mut calls = Vec::new();
        let mut failed: Option<ArgError> = None;
        self.table.for_each_match(event, |index| {
            let handler = &self.handlers[index];
            match (handler.call)(&context, state) {
                Ok(future) => calls.push((handler.info.name, future)),
                Err(error) => {
                    failed.get_or_insert(error);
                }
            }
        });
        if let Some(error) = failed {
            tracing::warn!(%error, "rejected: payload type");
            return Err(Reply::InvalidPayload(error.to_string()));
        }
        if calls.is_empty() {
            tracing::debug!("no handler for this event");
            return Err(Reply::Ignored {
                event: event.to_owned(),
            });
        }
        Ok(Prepared::Calls(calls, P::success_body(&envelope)))
    }
}

/// What `prepare` decided: handlers to run, or a handshake already answered.
enum Prepared {
    Calls(Vec<(&'static str, HandlerFuture)>, Option<SuccessBody>),
    Handshake(Response),
}

/// Runs every handler to completion, one after another, each bounded by `timeout`; a
/// failure, panic or timeout in one does not stop the others, and any failure answers
/// `500` so the provider retries.
async fn run_handlers(calls: Vec<(&'static str, HandlerFuture)>, timeout: Duration) -> Reply {
    let handlers = calls.len();
    let mut failures = 0;
    for (name, future) in calls {
        let guarded = AssertUnwindSafe(future).catch_unwind();
        match tokio::time::timeout(timeout, guarded).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(error))) => {
                failures += 1;
                tracing::error!(handler = name, %error, "handler returned an error");
            }
            Ok(Err(_)) => {
                failures += 1;
                tracing::error!(handler = name, "handler panicked");
            }
            Err(_) => {
                failures += 1;
                tracing::error!(handler = name, ?timeout, "handler timed out");
            }
        }
    }
    if failures > 0 {
        Reply::HandlerFailed
    } else {
        Reply::Handled { handlers }
    }
}

/// Size and time bounds of an endpoint.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Largest body accepted.
    pub(crate) body: usize,
    /// Longest wait for the whole body.
    pub(crate) read_timeout: Duration,
    /// Longest a handler may run.
    pub(crate) handler_timeout: Duration,
}

/// Refuses a `Content-Type` the provider never sends; an absent one is accepted.
fn check_content_type<P: Provider>(parts: &Parts) -> Result<(), Reply> {
    if P::CONTENT_TYPES.is_empty() {
        return Ok(());
    }
    let Some(value) = parts.headers.get(http::header::CONTENT_TYPE) else {
        return Ok(());
    };
    let essence = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim();
    if P::CONTENT_TYPES
        .iter()
        .any(|accepted| accepted.eq_ignore_ascii_case(essence))
    {
        return Ok(());
    }
    Err(Reply::UnsupportedMediaType {
        expected: P::CONTENT_TYPES,
    })
}

/// Reads the body up to `limit` bytes; a declared or actual larger body is refused
/// without reading it to the end.
async fn read_body(body: Body, parts: &Parts, limit: usize) -> Result<Bytes, Reply> {
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
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

/// A provider-specific success answer.
fn success_response(success: SuccessBody) -> Response {
    let SuccessBody { content_type, body } = success;
    ([(http::header::CONTENT_TYPE, content_type)], body).into_response()
}
