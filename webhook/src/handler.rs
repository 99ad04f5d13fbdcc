//! The contract between `#[webhook]`-generated code and the runtime.
//!
//! `#[webhook]` leaves the user's `async fn` as written and adds a hidden struct of the
//! same name implementing [`Handler`]; `router![…]` names those structs. Parameters are
//! extracted through [`HandlerArg`], return values judged through [`HandlerReturn`].

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;

use crate::delivery::{Delivery, DeliveryContext};
use crate::provider::Provider;

/// The boxed future of one handler call.
pub type HandlerFuture = Pin<Box<dyn Future<Output = Result<(), HandlerError>> + Send + 'static>>;

/// An error a handler returned; logged, never sent to the provider.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HandlerError(pub String);

/// Why the arguments of a handler could not be built from a verified delivery.
/// Answered with `400`: the provider sent a payload that does not fit the handler's type.
#[derive(Debug, thiserror::Error)]
#[error("payload does not match `{type_name}`: {reason}")]
pub struct ArgError {
    /// The Rust type that was being deserialized.
    pub type_name: &'static str,
    /// What serde said.
    pub reason: String,
}

impl ArgError {
    /// An error deserializing `T`.
    pub fn deserialize<T>(error: &serde_json::Error) -> Self {
        ArgError {
            type_name: std::any::type_name::<T>(),
            reason: error.to_string(),
        }
    }
}

/// How a handler's deliveries are processed; see the durable-delivery docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Handlers run before the provider gets its answer; an error answers `500`.
    Inline,
    /// The delivery is stored, acknowledged, and handlers run in the background.
    Queued,
}

/// What `#[webhook]` knows about a handler at compile time.
#[derive(Debug, Clone, Copy)]
pub struct HandlerInfo {
    /// The function's name.
    pub name: &'static str,
    /// `module_path!()` of the function.
    pub module: &'static str,
    /// The event pattern as written (`invoice.paid`, `invoice.*`, `*`).
    pub event: &'static str,
    /// The checked pattern the dispatch table is built from.
    pub pattern: webhook_catalog::Pattern<'static>,
    /// A per-handler mode override, if the attribute set one.
    pub mode: Option<Mode>,
    /// The only endpoint this handler serves, if the attribute named one; otherwise it
    /// serves every endpoint of its provider.
    pub endpoint: Option<&'static str>,
}

/// Implemented by the hidden struct `#[webhook]` generates next to each handler fn.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a webhook handler",
    label = "not annotated with `#[webhook(provider = \"…\", event = \"…\")]`",
    note = "`router![…]` takes the names of `async fn`s annotated with `#[webhook]`"
)]
pub trait Handler<S>: 'static {
    /// The provider the handler receives events from.
    type Provider: Provider;
    /// Name, event pattern and mode.
    const INFO: HandlerInfo;
    /// Extracts the arguments and starts the user's function.
    fn call(
        context: &DeliveryContext<'_, '_, Self::Provider>,
        state: &S,
    ) -> Result<HandlerFuture, ArgError>;
}

/// A type a handler can take as a parameter, built from the delivery.
///
/// Implemented for the provider's typed event (`stripe::Event<T>`, `github::Event<T>`),
/// [`Delivery`], and every `T: Deserialize` (read from the provider's payload: Stripe's
/// `data.object`, GitHub's body), which includes `serde_json::Value`. `State<T>`
/// parameters are handled by the macro through axum's `FromRef`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a parameter of a `{P}` webhook handler",
    label = "unsupported parameter type",
    note = "accepted: the provider's `Event<T>`, `webhook::Delivery`, `State<T>`, or any `T: serde::Deserialize` (read from the event payload)"
)]
pub trait HandlerArg<P: Provider>: Sized {
    /// Builds the argument.
    fn from_delivery(context: &DeliveryContext<'_, '_, P>) -> Result<Self, ArgError>;
}

impl<P: Provider> HandlerArg<P> for Delivery {
    fn from_delivery(context: &DeliveryContext<'_, '_, P>) -> Result<Self, ArgError> {
        Ok(context.to_delivery())
    }
}

impl<P: Provider, T: DeserializeOwned> HandlerArg<P> for T {
    fn from_delivery(context: &DeliveryContext<'_, '_, P>) -> Result<Self, ArgError> {
        P::payload(context.envelope).deserialize()
    }
}

/// What a handler may return: `()` or `Result<(), E>` with `E: Display`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a valid webhook handler return type",
    label = "return `()` or `Result<(), E>` where `E: std::fmt::Display`"
)]
pub trait HandlerReturn: Send + 'static {
    /// `Ok` when the handler succeeded.
    fn into_outcome(self) -> Result<(), HandlerError>;
}

impl HandlerReturn for () {
    fn into_outcome(self) -> Result<(), HandlerError> {
        Ok(())
    }
}

impl<E: std::fmt::Display + Send + 'static> HandlerReturn for Result<(), E> {
    fn into_outcome(self) -> Result<(), HandlerError> {
        self.map_err(|error| HandlerError(error.to_string()))
    }
}

pin_project_lite::pin_project! {
    /// A handler's future, its output converted into an outcome: see [`into_outcome`].
    pub struct Outcome<F: Future> {
        #[pin]
        future: F,
        // Set from `HandlerReturn` by `into_outcome`, so that this is a future whatever
        // `F` returns: a return type that is not a `HandlerReturn` is one error, at the
        // return type, not a second one where the future is boxed.
        convert: fn(F::Output) -> Result<(), HandlerError>,
    }
}

impl<F: Future> Future for Outcome<F> {
    type Output = Result<(), HandlerError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        this.future.poll(cx).map(*this.convert)
    }
}

impl<F: Future> std::fmt::Debug for Outcome<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outcome").finish_non_exhaustive()
    }
}

/// The user's future with its output converted into an outcome, in place: the boxed
/// handler future is the user's future and nothing beside it. (An `async move` block
/// around the call would hold the arguments twice, once captured and once in the
/// user's future, and copy them at its first poll; BENCHMARKS.md, section 1, has what
/// that cost.)
pub fn into_outcome<R: HandlerReturn, F: Future<Output = R>>(future: F) -> Outcome<F> {
    Outcome {
        future,
        convert: R::into_outcome,
    }
}

/// Boxes a handler's future.
pub fn box_handler<F>(future: F) -> HandlerFuture
where
    F: Future<Output = Result<(), HandlerError>> + Send + 'static,
{
    Box::pin(future)
}
