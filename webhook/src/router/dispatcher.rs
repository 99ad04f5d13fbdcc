//! [`Dispatcher`]: a router's endpoints without axum's routing.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::response::Response;

use super::{BuildError, Webhooks};
use crate::endpoint::AnyEndpoint;

/// A router's endpoints, to hand requests to yourself: from a serverless function's
/// event, a queue that carries HTTP deliveries, or a benchmark. Each request goes
/// through exactly the request path the routes use.
///
/// ```
/// use webhook::{router, stripe, testing, webhook};
///
/// #[webhook(provider = "stripe", event = "invoice.paid")]
/// async fn invoice_paid(_event: stripe::Event<serde_json::Value>) {}
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let dispatcher = router![invoice_paid].secret("stripe", "whsec_x").into_dispatcher().unwrap();
/// let body = r#"{"id":"evt_1","type":"invoice.paid","created":1,"livemode":false,"data":{"object":{}}}"#;
/// let request = testing::stripe_request("/ignored/path", "whsec_x", body);
/// let response = dispatcher.dispatch("stripe", (), request).await.expect("an endpoint named stripe");
/// assert_eq!(response.status(), 200);
/// # }
/// ```
pub struct Dispatcher<S> {
    endpoints: HashMap<String, Arc<dyn AnyEndpoint<S>>>,
}

impl<S> std::fmt::Debug for Dispatcher<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("endpoints", &self.endpoints.keys())
            .finish()
    }
}

impl<S: Clone + Send + Sync + 'static> Dispatcher<S> {
    /// Answers `request` with the endpoint named `endpoint` (the provider's name for
    /// its default endpoint); `None` when there is no such endpoint. The request's
    /// path is not looked at.
    pub async fn dispatch(
        &self,
        endpoint: &str,
        state: S,
        request: http::Request<Body>,
    ) -> Option<Response> {
        let endpoint = Arc::clone(self.endpoints.get(endpoint)?);
        Some(endpoint.handle(state, request).await)
    }

    /// The endpoints' names.
    pub fn endpoints(&self) -> impl Iterator<Item = &str> {
        self.endpoints.keys().map(String::as_str)
    }
}

impl<S: Clone + Send + Sync + 'static> Webhooks<S> {
    /// Builds the endpoints without routes: see [`Dispatcher`]. Fails like
    /// [`into_router`](Webhooks::into_router).
    pub fn into_dispatcher(self) -> Result<Dispatcher<S>, BuildError> {
        let journal = self.journal_without_workers()?;
        Ok(Dispatcher {
            endpoints: self.build(journal)?.endpoints,
        })
    }
}
