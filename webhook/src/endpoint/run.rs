//! Step 3, running: the dispatch table's matches, each handler's arguments, the
//! handlers (each bounded in time, a panic caught), and the outcome as a [`Reply`].
//! A request that carries several events ([`Provider::split`]) has the handlers of
//! each of its events prepared, in order, then run as one delivery's.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;

use super::deadline::within;
use super::open::finish_envelope;
use super::Endpoint;
use crate::delivery::DeliveryContext;
use crate::dispatch::Matches;
use crate::handler::{ArgError, HandlerFuture};
use crate::provider::{Provider, SuccessBody};
use crate::response::Reply;

/// What a delivery's handlers start with: handlers to run, or the answer already.
pub(super) enum Prepared {
    Run(Started),
    Done(Reply),
}

/// Started handlers, in order: each its name and future. The first is kept apart so
/// that the usual single handler costs no list.
#[derive(Default)]
pub(super) struct Started {
    pub(super) first: Option<(&'static str, HandlerFuture)>,
    pub(super) rest: Vec<(&'static str, HandlerFuture)>,
}

impl<P: Provider, S> Endpoint<P, S> {
    /// Prepares a delivery's handlers: its own, or, when the provider splits it, those
    /// of each of its events.
    pub(super) fn prepare_delivery(
        &self,
        context: &DeliveryContext<'_, '_, P>,
        state: &S,
    ) -> Prepared {
        match P::split(context.envelope()) {
            None => {
                let matched = self.table.matches(context.event_name());
                self.prepare(context, &matched, state)
            }
            Some(items) => self.prepare_items(context, &items, state),
        }
    }

    /// The handlers of every event of a split request, in the events' order; an event
    /// that does not fit its handler's parameter answers `400` before any handler
    /// runs, as for a single delivery. No handler for any event answers "ignored".
    fn prepare_items<'b>(
        &self,
        batch: &DeliveryContext<'_, 'b, P>,
        items: &[P::Envelope<'b>],
        state: &S,
    ) -> Prepared {
        if let Err(reply) = finish_envelope(batch) {
            return Prepared::Done(reply);
        }
        let mut all = Started::default();
        for item in items {
            let context = batch.with_envelope(item);
            let matched = self.table.matches(context.event_name());
            if matched.is_empty() {
                continue;
            }
            match self.start(&context, &matched, state) {
                Ok(started) => all.append(started),
                Err(error) => {
                    tracing::warn!(%error, "rejected: payload type");
                    return Prepared::Done(Reply::InvalidPayload(error.to_string()));
                }
            }
        }
        if all.first.is_none() {
            tracing::debug!("no handler for any event of this request");
            return Prepared::Done(Reply::Ignored {
                event: batch.event_name().to_owned(),
            });
        }
        Prepared::Run(all)
    }

    /// Whether every handler a delivery (or, split, each of its events) matches runs
    /// queued, and it matches one at least.
    pub(super) fn all_queued(
        &self,
        context: &DeliveryContext<'_, '_, P>,
        queued: impl Fn(usize) -> bool,
    ) -> bool {
        let Some(items) = P::split(context.envelope()) else {
            return self.matched_all(context.event_name(), &queued) == Some(true);
        };
        let mut any = false;
        for item in &items {
            match self.matched_all(P::event_name(item), &queued) {
                Some(false) => return false,
                Some(true) => any = true,
                None => {}
            }
        }
        any
    }

    /// `None` when no handler matches `event`, else whether all that do are queued.
    fn matched_all(&self, event: &str, queued: &impl Fn(usize) -> bool) -> Option<bool> {
        let matched = self.table.matches(event);
        (!matched.is_empty()).then(|| matched.iter().all(queued))
    }

    /// Builds every matched handler's arguments (any that does not fit answers `400`,
    /// before a handler runs) and starts them; no handler answers "ignored".
    pub(super) fn prepare(
        &self,
        context: &DeliveryContext<'_, '_, P>,
        matched: &Matches,
        state: &S,
    ) -> Prepared {
        let started = (!matched.is_empty()).then(|| self.start(context, matched, state));
        // After the arguments, which may have parsed (and so validated) the whole body
        // already; and before their error, so that a malformed body is reported as such
        // rather than as whatever an argument made of it.
        if let Err(reply) = finish_envelope(context) {
            return Prepared::Done(reply);
        }
        match started {
            None => {
                tracing::debug!("no handler for this event");
                Prepared::Done(Reply::Ignored {
                    event: context.event_name().to_owned(),
                })
            }
            Some(Ok(started)) => Prepared::Run(started),
            Some(Err(error)) => {
                tracing::warn!(%error, "rejected: payload type");
                Prepared::Done(Reply::InvalidPayload(error.to_string()))
            }
        }
    }

    /// Runs a delivery's handlers (see [`prepare_delivery`](Self::prepare_delivery))
    /// to their outcome.
    pub(super) async fn run_delivery(
        &self,
        context: &DeliveryContext<'_, '_, P>,
        state: &S,
    ) -> Reply {
        match self.prepare_delivery(context, state) {
            Prepared::Run(started) => started.run_each(self.limits.handler_timeout).await,
            Prepared::Done(reply) => reply,
        }
    }

    /// Starts every matched handler.
    fn start(
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
}

impl Started {
    /// Adds `other`'s handlers after these.
    fn append(&mut self, other: Started) {
        let Started { first, rest } = other;
        for call in first.into_iter().chain(rest) {
            match self.first {
                None => self.first = Some(call),
                Some(_) => self.rest.push(call),
            }
        }
    }

    /// Runs every handler to completion, one after another; a failure, panic or timeout
    /// in one does not stop the others, and any failure answers `500` so the provider
    /// retries.
    pub(super) async fn run_each(self, timeout: Duration) -> Reply {
        let Started { first, rest } = self;
        let mut failed = Vec::new();
        for (name, future) in first.into_iter().chain(rest) {
            if let Some(failure) = run_handler(name, future, timeout).await {
                failed.push(failure);
            }
        }
        outcome(&failed)
    }
}

/// Runs one handler, catching its panic and bounding its time; `Some` says how it
/// failed.
pub(super) async fn run_handler(
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

/// The reply for the handlers' failures (none: handled).
pub(super) fn outcome(failed: &[String]) -> Reply {
    if failed.is_empty() {
        Reply::Handled
    } else {
        Reply::HandlerFailed {
            errors: failed.join("; "),
        }
    }
}

/// The response to an accepted delivery. A provider that needs a body of its own
/// (Discord interactions) gets it for every accepted delivery: handled, ignored, queued
/// or duplicate.
pub(super) fn answer_accepted<P: Provider>(reply: Reply, success: Option<SuccessBody>) -> Response {
    match (reply.status().is_success(), success) {
        (true, Some(SuccessBody { content_type, body })) => {
            ([(http::header::CONTENT_TYPE, content_type)], body).into_response()
        }
        _ => reply.into_response_with(P::SUCCESS_STATUS),
    }
}
