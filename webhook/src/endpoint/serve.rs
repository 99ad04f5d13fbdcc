//! How routes, the [`Dispatcher`](crate::Dispatcher) and the workers call an endpoint:
//! through [`AnyEndpoint`], its provider type erased, and as axum's handler
//! ([`Serve`]).

use std::sync::Arc;

use axum::extract::Request;
use axum::response::Response;

use super::{BoxFuture, Endpoint};
use crate::provider::Provider;

/// An endpoint with its provider type erased, as routers and workers hold it.
pub(crate) trait AnyEndpoint<S>: Send + Sync {
    /// Answers one request: [`Endpoint::answer`], boxed.
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

/// An endpoint as axum calls it: the request and the router's state go straight to
/// [`AnyEndpoint::handle`]. Why not a closure taking `State<S>` and `Request`: axum
/// would split the request to extract them, join it again, and box that work with the
/// answer's future.
pub(crate) struct Serve<P: Provider, S>(pub(crate) Arc<Endpoint<P, S>>);

impl<P: Provider, S> Clone for Serve<P, S> {
    fn clone(&self) -> Self {
        Serve(Arc::clone(&self.0))
    }
}

/// The `T` of [`Serve`]'s `Handler` impl, which axum uses only to tell impls apart.
#[derive(Debug)]
pub(crate) enum Answered {}

impl<P: Provider, S: Clone + Send + Sync + 'static> axum::handler::Handler<Answered, S>
    for Serve<P, S>
{
    type Future = BoxFuture<Response>;

    fn call(self, request: Request, state: S) -> Self::Future {
        self.0.handle(state, request)
    }
}

/// An endpoint's `GET`, as axum calls it, for providers that
/// [answer one](Provider::ANSWERS_GET): the request's headers and URI go to
/// [`Provider::answer_get`] with the endpoint's keys. Nothing is read from the body and
/// nothing is journaled: a handshake carries no delivery.
pub(crate) struct ServeGet<P: Provider, S>(pub(crate) Arc<Endpoint<P, S>>);

impl<P: Provider, S> Clone for ServeGet<P, S> {
    fn clone(&self) -> Self {
        ServeGet(Arc::clone(&self.0))
    }
}

impl<P: Provider, S: Clone + Send + Sync + 'static> axum::handler::Handler<Answered, S>
    for ServeGet<P, S>
{
    type Future = std::future::Ready<Response>;

    fn call(self, request: Request, _state: S) -> Self::Future {
        let endpoint = &self.0;
        let (parts, _body) = request.into_parts();
        let raw = crate::provider::RawRequest {
            headers: &parts.headers,
            uri: &parts.uri,
            body: &[],
        };
        let context = crate::verify::VerifyContext {
            secrets: &endpoint.secrets,
            tolerance: endpoint.tolerance,
            now: std::time::SystemTime::now(),
            public_url: endpoint.public_url.as_deref(),
        };
        let response = P::answer_get(&raw, &context);
        tracing::info!(
            provider = P::NAME,
            endpoint = %endpoint.name,
            status = response.status().as_u16(),
            "webhook handshake answered"
        );
        std::future::ready(response)
    }
}
