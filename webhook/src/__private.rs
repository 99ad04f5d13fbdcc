//! Everything generated code names, in one place. Not part of the public API.
//!
//! Macros only ever write `::webhook::__private::…`, so a user crate needs nothing but
//! `webhook` in its dependencies.

pub use axum::extract::{FromRef, State};
pub use webhook_catalog::Pattern;

pub use crate::delivery::DeliveryContext;
pub use crate::handler::{
    box_handler, into_outcome, ArgError, Handler, HandlerArg, HandlerFuture, HandlerInfo,
    HandlerReturn, Mode, Outcome,
};
pub use crate::provider::{EnvelopeError, Payload, Provider, RawRequest};
pub use crate::router::Webhooks;
pub use crate::verify::{Verified, VerifyContext, VerifyError};

/// What `#[derive(Provider)]` names.
pub mod declared {
    pub use crate::declared::{
        parse, verify, Algorithm, DeclaredProvider, Encoding, Envelope, EventCatalog, EventSource,
        Signed, Template, DEFAULT_TOLERANCE,
    };
}

/// Checks, during constant evaluation, an event pattern of a handler against a declared
/// provider's catalog; a miss panics with the catalog's message, which the compiler
/// shows at the event string.
pub const fn check_declared_event<P: Provider>(pattern: &str) {
    let Some(catalog) = P::EVENTS else {
        return;
    };
    if webhook_catalog::matches_any(pattern, catalog.events) {
        return;
    }
    match webhook_catalog::suggest::closest(pattern, catalog.events) {
        Some(index) => panic!("{}", catalog.near_miss[index]),
        None => panic!("{}", catalog.unknown),
    }
}

/// One module per built-in provider, named like it (`__private::stripe`): its
/// `Provider` type, and `enabled()`, which generated code calls in a constant so that
/// naming a provider whose feature is off is one error that says which feature to
/// enable (the `Provider` then stands in, so that nothing else fails).
macro_rules! provider_paths {
    ($($name:ident $feature:literal $type:ident [$($catalog:ident)?],)*) => {
        $(
            #[cfg(feature = $feature)]
            #[doc = concat!("The `", stringify!($name), "` provider.")]
            pub mod $name {
                pub use crate::providers::$name::$type as Provider;

                /// The provider's feature is on.
                pub const fn enabled() {}
            }

            #[cfg(not(feature = $feature))]
            #[doc = concat!("The `", stringify!($name), "` provider, whose feature is off.")]
            pub mod $name {
                pub use crate::__private::InvalidHandlerProvider as Provider;

                /// Fails the constant that calls it, with what to do.
                pub const fn enabled() {
                    panic!(concat!(
                        "the `", stringify!($name), "` provider is not enabled: turn on the `",
                        $feature, "` feature of `webhook` (in Cargo.toml: webhook = {{ version = \"…\", features = [\"",
                        $feature, "\"] }})"
                    ))
                }
            }
        )*
    };
}

webhook_catalog::with_builtin_providers!(provider_paths);

/// Stands in for the provider of a handler whose `#[webhook]` attribute has errors, so
/// that `router![…]` naming it adds no second error. Never reached at run time: the
/// crate does not compile.
#[derive(Debug)]
pub struct InvalidHandlerProvider;

impl crate::Provider for InvalidHandlerProvider {
    const NAME: &'static str = "invalid";
    const SECRET_ENV: &'static str = "INVALID";
    type Envelope<'a> = ();

    fn verify(
        _: &crate::RawRequest<'_>,
        _: &crate::VerifyContext<'_>,
    ) -> Result<crate::Verified, crate::VerifyError> {
        Err(crate::VerifyError::Mismatch)
    }

    fn parse<'a>(_: &crate::RawRequest<'a>) -> Result<(), crate::EnvelopeError> {
        Err(crate::EnvelopeError("invalid handler".to_owned()))
    }

    fn event_name(_: &()) -> &str {
        ""
    }

    fn delivery_id(_: &()) -> Option<&str> {
        None
    }

    fn payload<'e>(_: &'e ()) -> crate::Payload<'e> {
        crate::Payload::Json(b"")
    }
}

/// The [`HandlerInfo`] of a stand-in handler.
pub const fn invalid_handler_info(name: &'static str) -> HandlerInfo {
    HandlerInfo {
        name,
        module: "",
        event: "",
        pattern: Pattern::Any,
        mode: None,
        endpoint: None,
    }
}

/// The error a stand-in handler returns.
pub fn invalid_handler_error() -> ArgError {
    ArgError {
        type_name: "invalid handler",
        reason: String::new(),
    }
}

/// The probe of a handler's payload type, which `#[webhook]` generates for each
/// parameter: `(&PayloadProbe::<P>::new()).check_payload()` in a fn never called, so
/// the check is all compile time. Method resolution picks, for `P` = a provider's
/// `Event<T>` with `T` a [`BuiltinPayload`], the handler's own trait (generated beside
/// it, its `check_payload` bounded by `T` being what the event carries, with the
/// message saying which type it carries); for every other `P` (`Event<Value>`, the
/// user's own types, `Headers`, …) it autorefs to [`AnyPayload`], which accepts.
#[derive(Debug)]
pub struct PayloadProbe<T>(core::marker::PhantomData<T>);

impl<T> PayloadProbe<T> {
    /// A probe of `T`.
    pub const fn new() -> Self {
        PayloadProbe(core::marker::PhantomData)
    }
}

impl<T> Default for PayloadProbe<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The probe's fallback: a parameter that is not a ready-made payload passes.
pub trait AnyPayload {
    /// Accepts.
    fn check_payload(&self) {}
}

impl<T> AnyPayload for &PayloadProbe<T> {}

/// The runtime's ready-made payload types (`stripe::Invoice`, `github::PushEvent`, …),
/// which a handler may take only for the events that carry them.
pub trait BuiltinPayload {}

/// Per provider with ready-made payload types: its `Event` and those types, by the
/// names `webhook_catalog::with_payload_types!` lists (stand-ins when the provider's
/// feature is off, so that the probe adds no error to the one saying so).
pub mod payloads {
    macro_rules! payload_paths {
        ($($provider:ident $feature:literal [$($type:ident $object:literal,)*],)*) => {
            $(
                #[cfg(feature = $feature)]
                #[doc = concat!("The `", stringify!($provider), "` payloads.")]
                pub mod $provider {
                    pub use crate::providers::$provider::{Event, $($type,)*};

                    $(impl super::super::BuiltinPayload for $type {})*
                }

                #[cfg(not(feature = $feature))]
                #[doc = concat!("Stand-ins for the `", stringify!($provider), "` payloads, whose feature is off.")]
                pub mod $provider {
                    /// Stands in for the provider's `Event`.
                    #[derive(Debug)]
                    pub struct Event<T>(core::marker::PhantomData<T>);

                    $(
                        #[doc = concat!("Stands in for `", stringify!($type), "`.")]
                        #[derive(Debug)]
                        pub struct $type;
                    )*
                }
            )*
        };
    }

    webhook_catalog::with_payload_types!(payload_paths);
}
