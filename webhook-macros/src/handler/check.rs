//! The rules a handler must follow, each a small `check_*` fn. Every rule reports into
//! the same collector, so all mistakes in a file show at once.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{LitStr, ReturnType, Type};
use webhook_catalog::suggest::hint;
use webhook_catalog::Pattern;

use super::parse::{Attr, HandlerFn, Model, Param, ProviderArg};
use super::payload::{binding, PayloadBinding};
use crate::errors::Errors;
use crate::paths::{builtin_provider, BUILTIN_PROVIDERS};

/// The validated model `expand` reads; raw attributes are not looked at again.
pub(super) struct Checked {
    pub(super) item: HandlerFn,
    /// The provider type, an absolute path.
    pub(super) provider: TokenStream,
    /// The event as written, and its checked pattern.
    pub(super) event: LitStr,
    pub(super) pattern: EventPattern,
    pub(super) mode: Option<Mode>,
    /// The one endpoint the handler serves, if named.
    pub(super) endpoint: Option<LitStr>,
    pub(super) params: Vec<Param>,
    /// The return type as written, or `()` where it would be written.
    pub(super) return_type: Type,
    /// What constant evaluation checks of the provider.
    pub(super) provider_check: ProviderCheck,
    /// For a provider with ready-made payload types: what the event carries, which
    /// type checking holds the parameters to.
    pub(super) payload: Option<PayloadBinding>,
}

/// What is checked of a handler's provider during constant evaluation, where only the
/// compiled `webhook` knows the answer.
pub(super) enum ProviderCheck {
    /// A built-in provider (its name as written): that `webhook` has its feature on.
    FeatureOn(LitStr),
    /// A declared provider (a type path): that the event is in its catalog.
    EventInCatalog,
}

/// A checked pattern, owned (mirrors `webhook_catalog::Pattern`).
pub(super) enum EventPattern {
    Any,
    Prefix(String),
    Exact(String),
}

impl EventPattern {
    /// The pattern, borrowed.
    pub(super) fn as_pattern(&self) -> Pattern<'_> {
        match self {
            EventPattern::Any => Pattern::Any,
            EventPattern::Prefix(prefix) => Pattern::Prefix(prefix),
            EventPattern::Exact(name) => Pattern::Exact(name),
        }
    }
}

impl From<Pattern<'_>> for EventPattern {
    fn from(pattern: Pattern<'_>) -> Self {
        match pattern {
            Pattern::Any => EventPattern::Any,
            Pattern::Prefix(prefix) => EventPattern::Prefix(prefix.to_owned()),
            Pattern::Exact(name) => EventPattern::Exact(name.to_owned()),
        }
    }
}

#[derive(Clone, Copy)]
pub(super) enum Mode {
    Inline,
    Queued,
}

pub(super) fn check(model: Model, errors: &Errors) -> Option<Checked> {
    let Model { attr, item, params } = model;
    let Attr {
        provider,
        event,
        mode,
        endpoint,
        span,
        malformed,
    } = attr;
    check_async(&item, errors);
    check_not_generic(&item, errors);
    for param in &params {
        check_param_owned(&param.ty, errors);
    }
    // A key that was written but is malformed or misspelled already has its error.
    if provider.is_none() && !malformed {
        errors.error_at(
            span,
            "missing `provider = \"…\"`, e.g. `provider = \"stripe\"`",
        );
    }
    if event.is_none() && !malformed {
        errors.error_at(
            span,
            "missing `event = \"…\"`, e.g. `event = \"invoice.paid\"`, `invoice.*` or `*`",
        );
    }
    let mode = mode.and_then(|mode| check_mode(&mode, errors));
    let (provider, event) = (provider?, event?);
    let (provider, pattern, provider_check, payload) = match provider {
        ProviderArg::Builtin(name) => {
            let provider = check_provider_known(&name, errors);
            let pattern = match webhook_catalog::by_provider(&name.value()) {
                Some(catalog) => check_event_in_catalog(catalog, &event, errors),
                None => declared_pattern(&event, errors),
            };
            let (provider, pattern) = (provider?, pattern?);
            let payload = payload_binding(&name, &event, &pattern);
            (provider, pattern, ProviderCheck::FeatureOn(name), payload)
        }
        ProviderArg::Declared(path) => (
            quote!(#path),
            declared_pattern(&event, errors)?,
            ProviderCheck::EventInCatalog,
            None,
        ),
    };
    Some(Checked {
        return_type: return_type(&item),
        item,
        provider,
        event,
        pattern,
        mode,
        endpoint,
        params,
        provider_check,
        payload,
    })
}

/// Rule: handlers are `async fn` (the runtime awaits them).
fn check_async(item: &HandlerFn, errors: &Errors) {
    if item.sig.asyncness.is_none() {
        errors.error_spanned(
            item.sig.fn_token,
            format!(
                "webhook handlers must be `async fn`; write `async fn {}`",
                item.sig.ident
            ),
        );
    }
}

/// Rule: no generics (the router must name one concrete function).
fn check_not_generic(item: &HandlerFn, errors: &Errors) {
    if !item.sig.generics.params.is_empty() {
        errors.error_spanned(&item.sig.generics, "webhook handlers cannot be generic");
    }
}

/// Rule: parameters are owned (arguments are built per delivery and moved in).
fn check_param_owned(ty: &Type, errors: &Errors) {
    match ty {
        Type::Reference(reference) => errors.error_spanned(
            reference,
            "webhook handler parameters are owned values; take `T` instead of `&T`",
        ),
        Type::ImplTrait(_) => errors.error_spanned(
            ty,
            "webhook handler parameters need a concrete type, not `impl Trait`",
        ),
        _ => {}
    }
}

/// Rule: `mode` is `"inline"` or `"queued"`.
fn check_mode(mode: &LitStr, errors: &Errors) -> Option<Mode> {
    match mode.value().as_str() {
        "inline" => Some(Mode::Inline),
        "queued" => Some(Mode::Queued),
        other => {
            errors.error_spanned(
                mode,
                format!(
                    "unknown mode `{other}`{}",
                    hint(other, ["inline", "queued"])
                ),
            );
            None
        }
    }
}

/// Rule: a provider name is one of the built-in providers.
fn check_provider_known(name: &LitStr, errors: &Errors) -> Option<TokenStream> {
    let value = name.value();
    if let Some(path) = builtin_provider(&value, name.span()) {
        return Some(path);
    }
    let known: Vec<String> = BUILTIN_PROVIDERS.iter().map(|p| format!("`{p}`")).collect();
    let known = known.join(", ");
    let close = webhook_catalog::suggest::did_you_mean(&value, BUILTIN_PROVIDERS.iter().copied());
    let lead = match close {
        Some(close) => format!("unknown provider `{value}`; did you mean `{close}`? The"),
        None => format!("unknown provider `{value}`; the"),
    };
    errors.error_spanned(
        name,
        format!(
            "{lead} built-in providers are {known}; for another provider, write \
             `provider = MyProvider` with a type that implements `webhook::Provider`"
        ),
    );
    None
}

/// Rule: the event is in the provider's catalog (caret on the string).
fn check_event_in_catalog(
    catalog: &webhook_catalog::Catalog,
    event: &LitStr,
    errors: &Errors,
) -> Option<EventPattern> {
    let name = event.value();
    match catalog.check(&name) {
        Ok(pattern) => Some(pattern.into()),
        Err(error) => {
            errors.error_spanned(event, error);
            None
        }
    }
}

/// Rule (checked by rustc, from what this finds): a parameter that is a ready-made
/// payload type, bare or in the provider's `Event<T>`, is the type the event carries.
fn payload_binding(
    provider: &LitStr,
    event: &LitStr,
    pattern: &EventPattern,
) -> Option<PayloadBinding> {
    binding(&provider.value(), &event.value(), pattern, event.span())
}

/// Rule: where no catalog is known (declared providers, providers without a published
/// list), only the pattern's shape is checked.
fn declared_pattern(event: &LitStr, errors: &Errors) -> Option<EventPattern> {
    let name = event.value();
    let pattern = if name == "*" {
        Pattern::Any
    } else if let Some(prefix) = name.strip_suffix(".*") {
        Pattern::Prefix(prefix)
    } else {
        Pattern::Exact(&name)
    };
    if name.is_empty()
        || matches!(pattern, Pattern::Prefix(p) | Pattern::Exact(p) if p.contains('*') || p.is_empty())
    {
        errors.error_spanned(
            event,
            webhook_catalog::PatternError::MisplacedWildcard {
                pattern: name.clone(),
            },
        );
        return None;
    }
    Some(pattern.into())
}

/// The return type as written; when omitted, `()` spanned where it would be written
/// (after the parameters), not at the call site (see `expand`'s docs on spans).
fn return_type(item: &HandlerFn) -> Type {
    match &item.sig.output {
        ReturnType::Default => {
            let span = item.sig.paren_token.span.close();
            syn::parse_quote_spanned!(span=> ())
        }
        ReturnType::Type(_, ty) => (**ty).clone(),
    }
}
