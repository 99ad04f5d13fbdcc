//! The request path of one provider endpoint, as a straight line:
//! bounded raw body → verify on the raw bytes → parse the envelope once, borrowing →
//! handshake → dispatch table → (journal: dedupe, queue) → typed arguments → handlers
//! → [`Reply`].

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::FutureExt;
use http::request::Parts;
use http::HeaderMap;
use tracing::Instrument;

use crate::delivery::DeliveryContext;
use crate::dispatch::{DispatchTable, Matches};
use crate::durable::{Accepted, Arrival, Journal};
use crate::handler::{ArgError, HandlerFuture, HandlerInfo, Mode};
use crate::provider::{Provider, RawRequest, SuccessBody};
use crate::response::Reply;
use crate::secret::Secret;
use crate::verify::VerifyContext;

/// How one registered handler is called: a plain fn pointer, no boxing per handler.
pub(crate) type CallFn<P, S> =
    for<'a, 'b> fn(&DeliveryContext<'a, 'b, P>, &S) -> Result<HandlerFuture, ArgError>;

/// A boxed, sendable future.
pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

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
    /// The durable log, when the router has a store.
    pub(crate) journal: Option<Arc<Journal>>,
}

/// An endpoint with its provider type erased, as routers and workers hold it.
pub(crate) trait AnyEndpoint<S>: Send + Sync {
    /// Answers one request (for [`Dispatcher`](crate::Dispatcher); routes call
    /// [`Endpoint::answer`] directly).
    fn handle(self: Arc<Self>, state: S, request: Request) -> BoxFuture<Response>;

    /// Runs the handlers of a stored delivery (a queued one, or a replay).
    #[cfg(feature = "store")]
    fn run_stored(
        self: Arc<Self>,
        state: S,
        delivery: crate::store::StoredDelivery,
    ) -> BoxFuture<Result<(), String>>;
}

impl<P: Provider, S: Clone + Send + Sync + 'static> AnyEndpoint<S> for Endpoint<P, S> {
    fn handle(self: Arc<Self>, state: S, request: Request) -> BoxFuture<Response> {
        Box::pin(self.answer(state, request))
    }

    #[cfg(feature = "store")]
    fn run_stored(
        self: Arc<Self>,
        state: S,
        delivery: crate::store::StoredDelivery,
    ) -> BoxFuture<Result<(), String>> {
        Box::pin(async move { self.rerun(state, delivery).await })
    }
}

impl<P: Provider, S: Clone + Send + Sync + 'static> Endpoint<P, S> {
    /// Answers one request, inside a span carrying provider, endpoint, event, delivery
    /// id, outcome and duration. The request is split before the future is built, so
    /// the future holds its parts once, not the request beside them (axum boxes it per
    /// request: its size is paid on every delivery).
    pub(crate) fn answer(
        self: Arc<Self>,
        state: S,
        request: Request,
    ) -> impl Future<Output = Response> + Send + 'static {
        let received_at = SystemTime::now();
        let (parts, body) = request.into_parts();
        async move {
            let span = tracing::info_span!(
                "webhook",
                provider = P::NAME,
                endpoint = %self.name,
                event = tracing::field::Empty,
                delivery_id = tracing::field::Empty,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            if span.is_disabled() {
                // No subscriber enabled the span: entering it on every poll and
                // recording into it would do nothing but take instructions and code
                // space on every request (a sixth of what the framework adds to a
                // Slack request, `scripts/http_instructions.sh --cache`). The answer
                // is still one event, with the span's fields that are known here, for
                // a subscriber that enables events only or for tracing's `log`
                // fallback.
                let response = self.receive(&state, &parts, body, received_at).await;
                tracing::info!(
                    provider = P::NAME,
                    endpoint = %self.name,
                    status = response.status().as_u16(),
                    duration_ms = elapsed_ms(received_at),
                    "webhook delivery answered"
                );
                return response;
            }
            let response = self
                .receive(&state, &parts, body, received_at)
                .instrument(span.clone())
                .await;
            span.record("status", response.status().as_u16());
            span.record("duration_ms", elapsed_ms(received_at));
            span.in_scope(|| tracing::info!("webhook delivery answered"));
            response
        }
    }

    async fn receive(
        &self,
        state: &S,
        parts: &Parts,
        body: Body,
        received_at: SystemTime,
    ) -> Response {
        let arrival = |body: &Bytes| (parts, body.clone(), received_at);
        if let Err(reply) = check_content_type::<P>(parts) {
            return self.reject(arrival(&Bytes::new()), reply).await;
        }
        let read = read_body(body, parts, self.limits.body);
        let body = match within(self.limits.read_timeout, read).await {
            Ok(Ok(body)) => body,
            Ok(Err(reply)) => return self.reject(arrival(&Bytes::new()), reply).await,
            Err(_) => {
                return self
                    .reject(arrival(&Bytes::new()), Reply::RequestTimeout)
                    .await
            }
        };
        match &self.journal {
            // Boxed: the store's futures are large, and a request without a journal
            // should not carry their space (a future over 1 KiB costs the allocator a
            // consolidation pass per request).
            Some(journal) => {
                Box::pin(self.receive_durable(journal, state, parts, &body, received_at)).await
            }
            None => self.receive_inline(state, parts, &body, received_at).await,
        }
    }

    /// Verifies on the raw bytes and parses the envelope once; a refusal is either a
    /// rejection or a handshake's answer.
    fn open<'a>(
        &self,
        parts: &'a Parts,
        body: &'a Bytes,
        received_at: SystemTime,
    ) -> Result<(P::Envelope<'a>, usize), Refusal> {
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
        let verified = P::verify(&raw, &verify)
            .map_err(|error| Refusal::Reject(Reply::InvalidSignature(error.to_string())))?;
        let envelope = P::parse(&raw)
            .map_err(|error| Refusal::Reject(Reply::InvalidPayload(error.to_string())))?;
        if let Some(response) = P::handshake(&envelope, &verified, &verify) {
            tracing::info!("handshake answered");
            return Err(Refusal::Answer(Box::new(response)));
        }
        Ok((envelope, verified.secret_index))
    }

    /// The dispatch context of an opened delivery, its event recorded in the request's
    /// span (the delivery id is recorded once the envelope is complete: see
    /// [`record_delivery_id`]).
    fn context<'a, 'b>(
        &'a self,
        parts: &'a Parts,
        body: &'a Bytes,
        envelope: &'a P::Envelope<'b>,
        received_at: SystemTime,
        secret_index: usize,
    ) -> DeliveryContext<'a, 'b, P> {
        let context = DeliveryContext {
            endpoint: &self.name,
            headers: &parts.headers,
            body,
            envelope,
            received_at,
            secret_index,
        };
        tracing::Span::current().record("event", context.event_name());
        context
    }

    /// Without a store: everything up to the handlers' futures is synchronous, and the
    /// envelope is dropped before they run, so the request's future does not hold it.
    async fn receive_inline(
        &self,
        state: &S,
        parts: &Parts,
        body: &Bytes,
        received_at: SystemTime,
    ) -> Response {
        let (inline, success) = {
            let (envelope, secret_index) = match self.open(parts, body, received_at) {
                Ok(opened) => opened,
                Err(Refusal::Answer(response)) => return *response,
                Err(Refusal::Reject(reply)) => {
                    return self.reject((parts, body.clone(), received_at), reply).await
                }
            };
            let context = self.context(parts, body, &envelope, received_at, secret_index);
            let matched = self.table.matches(context.event_name());
            let inline = self.start_inline(&context, &matched, state);
            // Boxed: only Discord has one, and it would take room in every future.
            (inline, P::success_body(&envelope).map(Box::new))
        };
        let timeout = self.limits.handler_timeout;
        // One handler alone (the usual case) runs in place; several in a boxed future,
        // so every request's future carries one handler's bookkeeping only.
        let reply = match inline {
            Inline::Run(Started {
                first: Some((name, future)),
                rest,
            }) if rest.is_empty() => outcome(run_handler(name, future, timeout).await.as_slice()),
            Inline::Run(started) => Box::pin(run_handlers(started, timeout)).await,
            Inline::Done(reply) => reply,
        };
        answer_accepted::<P>(reply, success.map(|success| *success))
    }

    /// With a store: log, dedupe, queue or run inline, and write the outcome back.
    async fn receive_durable(
        &self,
        journal: &Journal,
        state: &S,
        parts: &Parts,
        body: &Bytes,
        received_at: SystemTime,
    ) -> Response {
        let arrival = |body: &Bytes| (parts, body.clone(), received_at);
        let (envelope, secret_index) = match self.open(parts, body, received_at) {
            Ok(opened) => opened,
            Err(Refusal::Answer(response)) => return *response,
            Err(Refusal::Reject(reply)) => return self.reject(arrival(body), reply).await,
        };
        // Nothing malformed is stored as accepted.
        if let Err(error) = P::finish_parse(&envelope) {
            return self
                .reject(arrival(body), Reply::InvalidPayload(error.to_string()))
                .await;
        }
        let context = self.context(parts, body, &envelope, received_at, secret_index);
        record_delivery_id(&context);
        let event = context.event_name();
        let matched = self.table.matches(event);
        let all_queued = !matched.is_empty()
            && matched.iter().all(|i| {
                self.handlers[i].info.mode.unwrap_or(journal.default_mode()) == Mode::Queued
            });
        let arrival = Arrival {
            provider: P::NAME,
            endpoint: &self.name,
            headers: &parts.headers,
            body,
            received_at,
        };
        let accepted = Accepted {
            event,
            delivery_id: context.delivery_id(),
            secret_index,
            all_queued,
        };
        let run_inline = || self.run_inline(&context, &matched, state);
        let reply = journal.accept(arrival, accepted, run_inline).await;
        answer_accepted::<P>(reply, P::success_body(&envelope))
    }

    /// Runs the matched handlers (see [`start_inline`](Self::start_inline)).
    async fn run_inline(
        &self,
        context: &DeliveryContext<'_, '_, P>,
        matched: &Matches,
        state: &S,
    ) -> Reply {
        match self.start_inline(context, matched, state) {
            Inline::Run(started) => run_handlers(started, self.limits.handler_timeout).await,
            Inline::Done(reply) => reply,
        }
    }

    /// Builds every matched handler's arguments (any that does not fit answers `400`,
    /// before a handler runs) and starts them; no handler answers "ignored".
    fn start_inline(
        &self,
        context: &DeliveryContext<'_, '_, P>,
        matched: &Matches,
        state: &S,
    ) -> Inline {
        if matched.is_empty() {
            if let Err(error) = P::finish_parse(context.envelope) {
                tracing::warn!(%error, "rejected: envelope");
                return Inline::Done(Reply::InvalidPayload(error.to_string()));
            }
            record_delivery_id(context);
            tracing::debug!("no handler for this event");
            return Inline::Done(Reply::Ignored {
                event: context.event_name().to_owned(),
            });
        }
        let started = self.start_handlers(context, matched, state);
        // Checked after the arguments, which may have parsed (and so validated) the
        // whole body already; and before their error, so a malformed body is reported
        // as such rather than as whatever an argument made of it.
        if let Err(error) = P::finish_parse(context.envelope) {
            tracing::warn!(%error, "rejected: envelope");
            return Inline::Done(Reply::InvalidPayload(error.to_string()));
        }
        record_delivery_id(context);
        match started {
            Ok(calls) => Inline::Run(calls),
            Err(error) => {
                tracing::warn!(%error, "rejected: payload type");
                Inline::Done(Reply::InvalidPayload(error.to_string()))
            }
        }
    }

    /// Starts every matched handler: the first kept inline, the others (rare) in a
    /// `Vec`, so the usual single handler costs no list.
    fn start_handlers(
        &self,
        context: &DeliveryContext<'_, '_, P>,
        matched: &Matches,
        state: &S,
    ) -> Result<Started, ArgError> {
        let mut started = Started::default();
        for index in matched.iter() {
            let handler = &self.handlers[index];
            let call = (handler.info.name, (handler.call)(context, state)?);
            match started.first {
                None => started.first = Some(call),
                Some(_) => started.rest.push(call),
            }
        }
        Ok(started)
    }

    /// Logs a refused request (when there is a journal) and answers it. Boxed: every
    /// request's future would otherwise carry this one's space for the rare refusal.
    fn reject<'a>(
        &'a self,
        (parts, body, received_at): (&'a Parts, Bytes, SystemTime),
        reply: Reply,
    ) -> Pin<Box<dyn Future<Output = Response> + Send + 'a>> {
        Box::pin(async move {
            tracing::warn!(reason = %reply.reason(), "rejected");
            if let Some(journal) = &self.journal {
                let arrival = Arrival {
                    provider: P::NAME,
                    endpoint: &self.name,
                    headers: &parts.headers,
                    body: &body,
                    received_at,
                };
                journal.rejected(arrival, &reply.reason()).await;
            }
            reply.into_response()
        })
    }

    /// Runs the handlers of a stored delivery: parse its envelope again (it was verified
    /// when it arrived), dispatch, run. `Err` carries what to record.
    #[cfg(feature = "store")]
    async fn rerun(&self, state: S, delivery: crate::store::StoredDelivery) -> Result<(), String> {
        let uri = http::Uri::default();
        let raw = RawRequest {
            headers: &delivery.headers,
            uri: &uri,
            body: &delivery.body,
        };
        let envelope = P::parse(&raw).map_err(|error| error.to_string())?;
        let context = DeliveryContext {
            endpoint: &self.name,
            headers: &delivery.headers,
            body: &delivery.body,
            envelope: &envelope,
            received_at: delivery.summary.received_at,
            secret_index: delivery.summary.secret_index.unwrap_or_default(),
        };
        let matched = self.table.matches(context.event_name());
        match self.run_inline(&context, &matched, &state).await {
            Reply::Handled | Reply::Ignored { .. } => Ok(()),
            failed => Err(failed.failure().unwrap_or_else(|| failed.reason())),
        }
    }
}

/// Milliseconds since `received_at`.
fn elapsed_ms(received_at: SystemTime) -> f64 {
    received_at.elapsed().unwrap_or_default().as_secs_f64() * 1000.0
}

/// Records the delivery id in the request's span. Called once the envelope is
/// complete (the arguments built, or the envelope finished): a provider may read the id
/// only from a parse of the whole body (Slack's `event_id` follows its inner event),
/// and asking earlier would parse the body once more.
fn record_delivery_id<P: Provider>(context: &DeliveryContext<'_, '_, P>) {
    if let Some(id) = context.delivery_id() {
        tracing::Span::current().record("delivery_id", id);
    }
}

/// Why a request goes no further than its envelope.
enum Refusal {
    /// Refused: logged (with a store) and answered with this.
    Reject(Reply),
    /// A handshake, answered (boxed: handshakes are rare, the `Result` stays small).
    Answer(Box<Response>),
}

/// What an inline run starts with: handlers to run, or the answer already.
enum Inline {
    Run(Started),
    Done(Reply),
}

/// A provider that needs a body of its own (Discord interactions) gets it for every
/// accepted delivery: handled, ignored, queued or duplicate.
fn answer_accepted<P: Provider>(reply: Reply, success: Option<SuccessBody>) -> Response {
    match (reply.status().is_success(), success) {
        (true, Some(success)) => success_response(success),
        _ => reply.into_response_with(P::SUCCESS_STATUS),
    }
}

/// Started handlers, in order: each its name and future.
#[derive(Default)]
struct Started {
    first: Option<(&'static str, HandlerFuture)>,
    rest: Vec<(&'static str, HandlerFuture)>,
}

/// Runs every handler to completion, one after another, each bounded by `timeout`; a
/// failure, panic or timeout in one does not stop the others, and any failure answers
/// `500` so the provider retries.
async fn run_handlers(calls: Started, timeout: Duration) -> Reply {
    let Started { first, rest } = calls;
    let mut failed = Vec::new();
    for (name, future) in first.into_iter().chain(rest) {
        if let Some(failure) = run_handler(name, future, timeout).await {
            failed.push(failure);
        }
    }
    outcome(&failed)
}

/// The reply for the handlers' failures (none: handled).
fn outcome(failed: &[String]) -> Reply {
    if failed.is_empty() {
        Reply::Handled
    } else {
        Reply::HandlerFailed {
            errors: failed.join("; "),
        }
    }
}

/// Runs one handler, catching its panic and bounding its time; `Some` says how it
/// failed.
async fn run_handler(
    name: &'static str,
    future: HandlerFuture,
    timeout: Duration,
) -> Option<String> {
    let guarded = AssertUnwindSafe(future).catch_unwind();
    match within(timeout, guarded).await {
        Ok(Ok(Ok(()))) => None,
        Ok(Ok(Err(error))) => {
            tracing::error!(handler = name, %error, "handler returned an error");
            Some(format!("{name}: {error}"))
        }
        Ok(Err(_)) => {
            tracing::error!(handler = name, "handler panicked");
            Some(format!("{name}: panicked"))
        }
        Err(_) => {
            tracing::error!(handler = name, ?timeout, "handler timed out");
            Some(format!("{name}: timed out after {timeout:?}"))
        }
    }
}

/// Bounds `future` by `limit`, like `tokio::time::timeout`, but the timer is set only
/// once the future is left pending: most bodies are in by the time the request is
/// routed and many handlers finish in their first poll, while a timer reads the clock
/// and fills a timer entry. Set, it is boxed, so that every request's future does not
/// carry a timer's room (see the size test below). The limit counts from the first
/// poll that left the future pending.
fn within<F: Future>(limit: Duration, future: F) -> Within<F> {
    Within {
        future,
        limit,
        timer: None,
    }
}

pin_project_lite::pin_project! {
    /// See [`within`].
    struct Within<F> {
        #[pin]
        future: F,
        limit: Duration,
        timer: Option<Pin<Box<tokio::time::Sleep>>>,
    }
}

/// A [`within`] future's limit ran out.
#[derive(Debug)]
struct TimedOut;

impl<F: Future> Future for Within<F> {
    type Output = Result<F::Output, TimedOut>;

    fn poll(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = self.project();
        if let std::task::Poll::Ready(output) = this.future.poll(cx) {
            return std::task::Poll::Ready(Ok(output));
        }
        let limit = *this.limit;
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        timer.as_mut().poll(cx).map(|()| Err(TimedOut))
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

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// A provider-specific success answer.
fn success_response(success: SuccessBody) -> Response {
    let SuccessBody { content_type, body } = success;
    ([(http::header::CONTENT_TYPE, content_type)], body).into_response()
}

#[cfg(all(test, feature = "stripe", feature = "github", feature = "slack"))]
mod tests {
    use super::*;
    use crate::dispatch::DispatchTable;

    /// The size of the future a route returns for one request, which axum boxes on
    /// every delivery (handlers are boxed apart, so no handler changes it).
    fn request_future_size<P: Provider>() -> usize {
        let endpoint = Arc::new(Endpoint::<P, ()> {
            name: P::NAME.to_owned(),
            secrets: Vec::new(),
            tolerance: None,
            public_url: None,
            limits: Limits {
                body: 1024,
                read_timeout: Duration::from_secs(1),
                handler_timeout: Duration::from_secs(1),
            },
            handlers: Vec::new(),
            table: DispatchTable::new(std::iter::empty()),
            journal: None,
        });
        let future = endpoint.answer((), Request::new(Body::empty()));
        std::mem::size_of_val(&future)
    }

    #[tokio::test(start_paused = true)]
    async fn a_time_limit_is_set_only_for_a_future_left_pending() {
        let limit = Duration::from_secs(5);
        let ready = within(limit, async { 1 });
        tokio::pin!(ready);
        assert!(matches!(ready.as_mut().now_or_never(), Some(Ok(1))));
        assert!(ready.timer.is_none(), "no timer for a future ready at once");
        let started = tokio::time::Instant::now();
        let late = within(limit, tokio::time::sleep(Duration::from_secs(2)));
        assert!(late.await.is_ok());
        assert_eq!(started.elapsed(), Duration::from_secs(2));
        let never = within(limit, std::future::pending::<()>());
        assert!(never.await.is_err());
        assert_eq!(started.elapsed(), Duration::from_secs(7));
    }

    /// glibc serves blocks up to 1032 bytes from a per-thread cache; a larger one takes
    /// the general path, which first consolidates the fast bins: measured as most of the
    /// per-delivery gap to the hand-written floor on small payloads (BENCHMARKS.md).
    /// This fails when a change pushes the request future back over that line.
    #[test]
    fn the_request_future_stays_in_the_allocators_per_thread_cache() {
        let sizes = [
            ("stripe", request_future_size::<crate::stripe::Stripe>()),
            ("github", request_future_size::<crate::github::GitHub>()),
            ("slack", request_future_size::<crate::slack::Slack>()),
        ];
        for (provider, size) in sizes {
            assert!(size <= 1000, "{provider}: {size} bytes; sizes: {sizes:?}");
        }
    }
}
