//! The request path of one endpoint. Its files, in the order a request flows:
//!
//! 1. [`serve`]: axum (or a [`Dispatcher`](crate::Dispatcher)) calls the endpoint;
//!    [`trace`] opens the request's span.
//! 2. [`read`]: the content type, then the raw body, bounded in size and in time
//!    ([`deadline`]).
//! 3. [`open`]: verify the signature on the raw bytes, parse the envelope once
//!    (borrowing from the body), answer a handshake.
//! 4. [`run`]: the dispatch table's matches ([`crate::dispatch`]), typed arguments,
//!    the handlers, the outcome as a [`Reply`], and the response.
//! 5. [`journaling`], when the router has a store: every request logged, deliveries
//!    deduplicated, then queued for the workers or run at once; or [`logging`], when it
//!    has a file log: every request written as a line, deliveries deduplicated in
//!    memory, then run.
//!
//! [`Endpoint::receive`] below is that line, step by step.

mod deadline;
mod journaling;
mod logging;
mod open;
mod read;
mod run;
mod serve;
mod trace;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::request::Parts;

pub(crate) use logging::FileLogger;
pub(crate) use serve::{AnyEndpoint, Serve, ServeGet};

use crate::delivery::DeliveryContext;
use crate::dispatch::DispatchTable;
use crate::durable::Journal;
use crate::handler::{ArgError, HandlerFuture, HandlerInfo};
use crate::provider::Provider;
use crate::response::Reply;
use crate::secret::Secret;
use deadline::TimedOut;
use open::Refusal;
use run::{answer_accepted, outcome, run_handler, Prepared, Started};

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
    /// The file log, when the router has one (never with a store).
    pub(crate) file_log: Option<Arc<FileLogger>>,
}

impl<P: Provider, S: Clone + Send + Sync + 'static> Endpoint<P, S> {
    /// One request, from its raw parts to its response.
    async fn receive(
        &self,
        state: &S,
        parts: &Parts,
        body: Body,
        received_at: SystemTime,
    ) -> Response {
        let received = |body: Bytes| (parts, body, received_at);
        if let Err(reply) = read::check_content_type::<P>(parts) {
            return self.reject(received(Bytes::new()), reply).await;
        }
        let body = match read::read_bounded(body, parts, self.limits).await {
            Ok(Ok(body)) => body,
            Ok(Err(reply)) => return self.reject(received(Bytes::new()), reply).await,
            Err(TimedOut) => {
                return self
                    .reject(received(Bytes::new()), Reply::RequestTimeout)
                    .await
            }
        };
        match (&self.journal, &self.file_log) {
            // Out of line: the store's and the file log's futures are large, and a
            // request without them should not carry their space.
            (Some(journal), _) => {
                out_of_line(self.receive_journaled(journal, state, parts, &body, received_at)).await
            }
            (None, Some(log)) => {
                out_of_line(self.receive_logged(log, state, parts, &body, received_at)).await
            }
            (None, None) => self.receive_now(state, parts, &body, received_at).await,
        }
    }

    /// Without a store: everything up to the handlers' futures is synchronous, and the
    /// envelope is dropped before they run, so that the request's future does not hold
    /// it.
    async fn receive_now(
        &self,
        state: &S,
        parts: &Parts,
        body: &Bytes,
        received_at: SystemTime,
    ) -> Response {
        let (prepared, success) = {
            let (envelope, secret_index) = match self.open(parts, body, received_at) {
                Ok(opened) => opened,
                Err(Refusal::Answer(response)) => return *response,
                Err(Refusal::Reject(reply)) => {
                    return self.reject((parts, body.clone(), received_at), reply).await
                }
            };
            let context = self.context(parts, body, &envelope, received_at, secret_index);
            let prepared = self.prepare_delivery(&context, state);
            // Boxed: only Discord has one, and it would take room in every future.
            (prepared, P::success_body(&envelope).map(Box::new))
        };
        let timeout = self.limits.handler_timeout;
        let reply = match prepared {
            // One handler alone (the usual case) runs in place, several out of line, so
            // that every request's future carries one handler's bookkeeping only.
            Prepared::Run(Started {
                first: Some((name, future)),
                rest,
            }) if rest.is_empty() => outcome(run_handler(name, future, timeout).await.as_slice()),
            Prepared::Run(several) => out_of_line(several.run_each(timeout)).await,
            Prepared::Done(reply) => reply,
        };
        answer_accepted::<P>(reply, success.map(|success| *success))
    }
}

/// Boxes a future that is large or taken on a rare branch, so that every request's
/// future does not carry its space (a request future over the allocator's per-thread
/// cache size costs a slower allocation per delivery: see the test below).
fn out_of_line<F: Future>(future: F) -> Pin<Box<F>> {
    Box::pin(future)
}

#[cfg(all(test, feature = "stripe", feature = "github", feature = "slack"))]
mod tests {
    use super::*;
    use axum::extract::Request;

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
            file_log: None,
        });
        let future = endpoint.answer((), Request::new(Body::empty()));
        std::mem::size_of_val(&future)
    }

    /// glibc serves small blocks from a per-thread cache and takes a slower path, which
    /// first consolidates its fast bins, for larger ones (BENCHMARKS.md, section 1).
    /// This fails when a change pushes the request future back over that line.
    #[test]
    fn the_request_future_stays_in_the_allocators_per_thread_cache() {
        let sizes = [
            ("stripe", request_future_size::<crate::stripe::Stripe>()),
            ("github", request_future_size::<crate::github::GitHub>()),
            ("slack", request_future_size::<crate::slack::Slack>()),
        ];
        for (provider, size) in sizes {
            eprintln!("SIZE {provider} {size}");
            assert!(size <= 1000, "{provider}: {size} bytes; sizes: {sizes:?}");
        }
    }
}
