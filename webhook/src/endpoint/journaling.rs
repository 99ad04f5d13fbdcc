//! Step 4, with a store: every request written to the [`Journal`] (accepted deliveries
//! deduplicated, then queued or run; rejected ones with their reason), and the run of a
//! stored delivery for the workers. [`reject`](Endpoint::reject) also writes to the
//! file log ([`super::logging`]) when the router has one.

use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::request::Parts;

use super::open::{finish_envelope, Refusal};
use super::run::answer_accepted;
use super::Endpoint;
use crate::durable::{Accepted, Arrival, Journal};
use crate::handler::Mode;
use crate::provider::Provider;
use crate::response::Reply;

/// A request as it arrived: its head, its body (empty when it was not read) and when.
pub(super) type Received<'a> = (&'a Parts, Bytes, SystemTime);

impl<P: Provider, S: Clone + Send + Sync + 'static> Endpoint<P, S> {
    /// With a store: open, log and dedupe, then queue or run, and write the outcome back.
    pub(super) async fn receive_journaled(
        &self,
        journal: &Journal,
        state: &S,
        parts: &Parts,
        body: &Bytes,
        received_at: SystemTime,
    ) -> Response {
        let received = |body: &Bytes| (parts, body.clone(), received_at);
        let (envelope, secret_index) = match self.open(parts, body, received_at) {
            Ok(opened) => opened,
            Err(Refusal::Answer(response)) => return *response,
            Err(Refusal::Reject(reply)) => return self.reject(received(body), reply).await,
        };
        let context = self.context(parts, body, &envelope, received_at, secret_index);
        // Nothing malformed is stored as accepted.
        if let Err(reply) = finish_envelope(&context) {
            return self.reject(received(body), reply).await;
        }
        let event = context.event_name();
        let all_queued = self.all_queued(&context, |i| {
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
        let run_now = || self.run_delivery(&context, state);
        let reply = journal.accept(arrival, accepted, run_now).await;
        answer_accepted::<P>(reply, P::success_body(&envelope))
    }

    /// Logs a refused request (when there is a journal) and answers it. Boxed: every
    /// request's future would otherwise carry this one's space for the rare refusal.
    pub(super) fn reject<'a>(
        &'a self,
        (parts, body, received_at): Received<'a>,
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
            if let Some(log) = &self.file_log {
                let received = (parts, &body, received_at);
                super::logging::log_rejected(log, P::NAME, &self.name, received, reply.reason())
                    .await;
            }
            reply.into_response()
        })
    }

    /// Runs the handlers of a stored delivery: parse its envelope again (it was verified
    /// when it arrived), dispatch, run. `Err` carries what to record.
    #[cfg(feature = "store")]
    pub(super) async fn rerun(
        &self,
        state: S,
        delivery: crate::store::StoredDelivery,
    ) -> Result<(), String> {
        let uri = http::Uri::default();
        let raw = crate::provider::RawRequest {
            headers: &delivery.headers,
            uri: &uri,
            body: &delivery.body,
        };
        let envelope = P::parse(&raw).map_err(|error| error.to_string())?;
        let context = crate::delivery::DeliveryContext {
            endpoint: &self.name,
            headers: &delivery.headers,
            body: &delivery.body,
            envelope: &envelope,
            received_at: delivery.summary.received_at,
            secret_index: delivery.summary.secret_index.unwrap_or_default(),
        };
        match self.run_delivery(&context, &state).await {
            Reply::Handled | Reply::Ignored { .. } => Ok(()),
            failed => Err(failed.failure().unwrap_or_else(|| failed.reason())),
        }
    }
}
