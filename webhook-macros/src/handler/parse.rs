//! Reads the attribute and the item into a typed model that keeps every span.

use proc_macro2::{Delimiter, Group, Span, TokenStream};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitStr, Meta, Signature, Token, Type, Visibility};

use crate::errors::Errors;
use crate::values::{string, string_literal, ungrouped};
use webhook_catalog::suggest::hint;

/// The attribute keys, in the order messages list them.
pub(super) const KEYS: &[&str] = &["provider", "event", "mode", "endpoint"];

/// `provider = "stripe"` or `provider = MyProvider`.
pub(super) enum ProviderArg {
    Builtin(LitStr),
    Declared(syn::Path),
}

/// The attribute's arguments, each with the span of its value.
pub(super) struct Attr {
    pub(super) provider: Option<ProviderArg>,
    pub(super) event: Option<LitStr>,
    pub(super) mode: Option<LitStr>,
    pub(super) endpoint: Option<LitStr>,
    /// Where the attribute is, for "missing key" errors.
    pub(super) span: Span,
    /// Whether some key had an error of its own; "missing key" is then not reported
    /// (one mistake, one error).
    pub(super) malformed: bool,
}

/// One parameter of the handler fn.
pub(super) struct Param {
    pub(super) ty: Type,
    /// `Some(T)` for `State<T>`, which is built through axum's `FromRef`.
    pub(super) state: Option<Type>,
}

/// The handler fn: its visibility and signature, parsed; its body is not, because the
/// fn is emitted exactly as written (`tokens`) and only the signature is checked.
/// Parsing and re-printing every body would be paid on every build, for every handler.
pub(super) struct HandlerFn {
    pub(super) vis: Visibility,
    pub(super) sig: Signature,
    /// The fn as written, attributes and body included.
    pub(super) tokens: TokenStream,
}

impl Parse for HandlerFn {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let tokens = input.fork().parse::<TokenStream>()?;
        input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let sig = input.parse()?;
        let body: Group = input.parse()?;
        if body.delimiter() != Delimiter::Brace || !input.is_empty() {
            return Err(input.error("expected the fn's body"));
        }
        Ok(HandlerFn { vis, sig, tokens })
    }
}

/// The attribute and the fn as written.
pub(super) struct Model {
    pub(super) attr: Attr,
    pub(super) item: HandlerFn,
    pub(super) params: Vec<Param>,
}

pub(super) fn parse(args: TokenStream, item: TokenStream, errors: &Errors) -> Option<Model> {
    let attr = parse_attr(args, errors);
    let item = match syn::parse2::<HandlerFn>(item.clone()) {
        Ok(item) => item,
        Err(error) => {
            // Not a fn: parse the whole item for the best message.
            match syn::parse2::<syn::Item>(item) {
                Ok(other) if !matches!(other, syn::Item::Fn(_)) => errors.error_at(
                    item_keyword_span(&other),
                    "`#[webhook]` goes on an `async fn`",
                ),
                Ok(_) => errors.push(error),
                Err(error) => errors.push(error),
            }
            return None;
        }
    };
    let params = item
        .sig
        .inputs
        .iter()
        .filter_map(|input| parse_param(input, errors))
        .collect();
    Some(Model {
        attr: attr?,
        item,
        params,
    })
}

fn parse_attr(args: TokenStream, errors: &Errors) -> Option<Attr> {
    let span = if args.is_empty() {
        Span::call_site()
    } else {
        args.span()
    };
    let metas = match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(args) {
        Ok(metas) => metas,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    let mut attr = Attr {
        provider: None,
        event: None,
        mode: None,
        endpoint: None,
        span,
        malformed: false,
    };
    let mut seen: Vec<Ident> = Vec::new();
    for meta in metas {
        let Meta::NameValue(pair) = meta else {
            attr.malformed = true;
            errors.error_spanned(
                &meta,
                "expected `key = value`, e.g. `event = \"invoice.paid\"`",
            );
            continue;
        };
        let Some(key) = pair.path.get_ident() else {
            attr.malformed = true;
            errors.error_spanned(
                &pair.path,
                format!("unknown key{}", hint("", KEYS.iter().copied())),
            );
            continue;
        };
        if let Some(first) = seen.iter().find(|seen| *seen == key) {
            errors.error_spanned(
                key,
                format!("duplicate key `{key}`; `{first}` is already set"),
            );
            continue;
        }
        seen.push(key.clone());
        // `KEYS` decides which keys exist, so "did you mean" knows every one.
        let name = key.to_string();
        if !KEYS.contains(&name.as_str()) {
            attr.malformed = true;
            errors.error_spanned(
                key,
                format!("unknown key `{name}`{}", hint(&name, KEYS.iter().copied())),
            );
            continue;
        }
        let value = &pair.value;
        let read = match name.as_str() {
            "provider" => {
                attr.provider = provider_value(value, errors);
                attr.provider.is_some()
            }
            "event" => {
                attr.event = string(value, "event", "invoice.paid", errors);
                attr.event.is_some()
            }
            "mode" => {
                attr.mode = string(value, "mode", "queued", errors);
                attr.mode.is_some()
            }
            "endpoint" => {
                attr.endpoint = string(value, "endpoint", "stripe-connect", errors);
                attr.endpoint.is_some()
            }
            listed => unreachable!("`{listed}` is in `KEYS` but not read"),
        };
        attr.malformed |= !read;
    }
    Some(attr)
}

fn provider_value(value: &Expr, errors: &Errors) -> Option<ProviderArg> {
    if let Some(name) = string_literal(value) {
        return Some(ProviderArg::Builtin(name.clone()));
    }
    match ungrouped(value) {
        Expr::Path(path) if path.qself.is_none() => Some(ProviderArg::Declared(path.path.clone())),
        other => {
            errors.error_spanned(
                other,
                "expected a provider name such as `\"stripe\"`, or the path of a type that implements `webhook::Provider`",
            );
            None
        }
    }
}

fn parse_param(input: &syn::FnArg, errors: &Errors) -> Option<Param> {
    match input {
        syn::FnArg::Receiver(receiver) => {
            errors.error_spanned(
                receiver,
                "webhook handlers are free functions; remove `self`",
            );
            None
        }
        syn::FnArg::Typed(typed) => {
            let ty = (*typed.ty).clone();
            Some(Param {
                state: state_inner(&ty),
                ty,
            })
        }
    }
}

/// `State<T>` (any path ending in `State` with one type argument) → `T`.
fn state_inner(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "State" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner.clone()),
        _ => None,
    }
}

/// The span of the keyword that says what an item is (`struct`, `impl`, …).
fn item_keyword_span(item: &syn::Item) -> Span {
    match item {
        syn::Item::Struct(item) => item.struct_token.span,
        syn::Item::Enum(item) => item.enum_token.span,
        syn::Item::Impl(item) => item.impl_token.span,
        syn::Item::Mod(item) => item.mod_token.span,
        syn::Item::Const(item) => item.const_token.span,
        syn::Item::Static(item) => item.static_token.span,
        syn::Item::Trait(item) => item.trait_token.span,
        syn::Item::Type(item) => item.type_token.span,
        syn::Item::Use(item) => item.use_token.span,
        other => other.span(),
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    /// Only keys in `KEYS` are read, so this reaches every arm of `parse_attr`.
    #[test]
    fn every_listed_key_is_read() {
        for key in KEYS {
            let key = Ident::new(key, Span::call_site());
            let errors = Errors::new();
            parse_attr(quote!(#key = "x"), &errors).unwrap();
            assert!(errors.finish().is_ok(), "`{key}` is listed but not read");
        }
    }

    #[test]
    fn a_misspelt_key_gets_a_suggestion() {
        let errors = Errors::new();
        parse_attr(quote!(endpiont = "stripe-connect"), &errors).unwrap();
        let message = errors.finish().unwrap_err().to_string();
        assert_eq!(message, "unknown key `endpiont`; did you mean `endpoint`?");
    }
}
