//! Procedural macros of the [`webhook`](https://docs.rs/webhook) crate. Use them through
//! `webhook::{webhook, router}`; the generated code names only `::webhook::__private`.

mod errors;
mod handler;
mod paths;
mod provider_derive;
mod router;
mod values;

use proc_macro::TokenStream;

/// Declares an `async fn` as the handler of one provider's event(s).
///
/// # Grammar
///
/// ```text
/// #[webhook( provider = ( "stripe" | "github" | ProviderType ),
///            event = "name" | "prefix.*" | "*"
///            [, mode = "inline" | "queued"]
///            [, endpoint = "name"] )]
/// [pub] async fn name(param: Type, …) [-> () | Result<(), E>] { … }
/// ```
///
/// Event names of built-in providers are checked against the provider's catalog at
/// compile time; a near miss gets a "did you mean". GitHub also takes `event` alone
/// (every action) and `event.action`.
///
/// A handler serves every endpoint of its provider (`Webhooks::endpoint` adds more than
/// the default one), unless `endpoint = "name"` restricts it to the endpoint of that name.
///
/// # Parameters, in any order
///
/// | type | what it is |
/// |---|---|
/// | `stripe::Event<T>` / `github::Event<T>` | the typed envelope with payload `T` |
/// | any `T: Deserialize` (incl. `serde_json::Value`) | the payload: Stripe `data.object`, GitHub body |
/// | `webhook::Delivery` | provider, delivery id, event, received-at, headers, raw body |
/// | `axum::extract::State<T>` | state, where `T: FromRef<S>` |
///
/// A ready-made payload type (`stripe::Invoice`, `github::PushEvent`, …), bare or in
/// the provider's `Event<T>`, must be the one the event (or every event of the family)
/// carries: `event = "invoice.paid"` with `stripe::Event<stripe::Customer>` is a
/// compile error on `Customer` saying `` `invoice.paid` carries `stripe::Invoice` ``.
/// `serde_json::Value` and your own types are not checked.
///
/// The return type is `()` or `Result<(), E>` with `E: Display`; an `Err` or a panic
/// answers `500` so the provider retries.
///
/// # Generated items
///
/// The fn is left exactly as written. Next to it: a hidden struct of the same name (in
/// the type namespace) implementing `webhook::Handler<S>`, which `router![…]` names,
/// a hidden check fn that pins type errors to the parameter or return type, and for
/// Stripe and GitHub a constant whose never-called fn checks the payload types against
/// the event.
#[proc_macro_attribute]
pub fn webhook(args: TokenStream, item: TokenStream) -> TokenStream {
    handler::webhook(args.into(), item.into())
}

/// Builds a `webhook::Webhooks` from `#[webhook]` handlers: `router![a, module::b]`.
///
/// # Grammar
///
/// ```text
/// router![ path [, path]* [,] ]
/// ```
///
/// Each path names an `async fn` annotated with `#[webhook]`. Expands to
/// `Webhooks::new().handler::<a>().handler::<module::b>()`; configure the result
/// (secrets, paths) and call `.into_router()`.
#[proc_macro]
pub fn router(input: TokenStream) -> TokenStream {
    router::router(input.into())
}

/// Declares a provider from a signature template: `#[derive(Provider)]` on a unit struct
/// with `#[provider(…)]`.
///
/// # Grammar
///
/// ```text
/// #[derive(Provider)]
/// #[provider( name = "acme", signature_header = "X-Acme-Signature"
///             [, algorithm = "hmac-sha1" | "hmac-sha256" | "hmac-sha512"]
///             [, encoding = "hex" | "base64"] [, prefix = "sha256="]
///             [, signed = "{body}" | "{timestamp}.{body}" | "{id}.{timestamp}.{body}"]
///             [, timestamp_header = "…"] [, tolerance_secs = 300]
///             [, id_header = "…" | id_field = "/json/pointer"]
///             , event_header = "…" | event_field = "/json/pointer"
///             [, events = ["a.b", …]] [, secret_env = "ACME_WEBHOOK_SECRET"] )]
/// struct Acme;
/// ```
///
/// # Defaults
///
/// | key | when absent |
/// |---|---|
/// | `algorithm` | `"hmac-sha256"` |
/// | `encoding` | `"hex"` |
/// | `signed` | `"{body}"` |
/// | `prefix` | none |
/// | `tolerance_secs` | 300 when there is a `timestamp_header`, else no age check |
/// | `events` | none: any event name compiles |
/// | `secret_env` | `{NAME}_WEBHOOK_SECRET`, the name upper-cased with `-` as `_` |
///
/// `webhook::declared` describes each key.
///
/// # Generated items
///
/// `impl webhook::Provider for Acme` (verification, envelope, dispatch name, delivery id
/// as the template says) and `impl webhook::declared::DeclaredProvider for Acme`, so
/// `webhook::declared::Event<T>` is a handler parameter. With `events`, a
/// `#[webhook(provider = Acme, event = "…")]` naming another event fails to compile.
#[proc_macro_derive(Provider, attributes(provider))]
pub fn derive_provider(input: TokenStream) -> TokenStream {
    provider_derive::derive(input.into())
}
