//! Reads `#[provider(key = value, …)]` into a model that keeps every span.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{
    Data, DeriveInput, Expr, ExprArray, ExprLit, Fields, Ident, Lit, LitInt, LitStr, Meta, Token,
};
use webhook_catalog::suggest::hint;

use crate::errors::Errors;
use crate::values::{string, string_literal, ungrouped};

/// The keys of `#[provider(…)]`, in the order messages list them.
pub(super) const KEYS: &[&str] = &[
    "name",
    "signature_header",
    "algorithm",
    "encoding",
    "prefix",
    "signed",
    "timestamp_header",
    "tolerance_secs",
    "id_header",
    "id_field",
    "event_header",
    "event_field",
    "events",
    "secret_env",
];

/// The attribute as written; every value keeps its span.
#[derive(Default)]
pub(super) struct Attr {
    pub(super) name: Option<LitStr>,
    pub(super) signature_header: Option<LitStr>,
    pub(super) algorithm: Option<LitStr>,
    pub(super) encoding: Option<LitStr>,
    pub(super) prefix: Option<LitStr>,
    pub(super) signed: Option<LitStr>,
    pub(super) timestamp_header: Option<LitStr>,
    pub(super) tolerance_secs: Option<LitInt>,
    pub(super) id_header: Option<LitStr>,
    pub(super) id_field: Option<LitStr>,
    pub(super) event_header: Option<LitStr>,
    pub(super) event_field: Option<LitStr>,
    pub(super) events: Option<Vec<LitStr>>,
    pub(super) secret_env: Option<LitStr>,
    /// Some key had an error of its own ("missing" errors are then not reported).
    pub(super) malformed: bool,
}

/// The type and its attribute.
pub(super) struct Model {
    pub(super) ident: Ident,
    pub(super) attr: Attr,
    /// Where `#[provider]` is (or the derive, when it is missing).
    pub(super) span: Span,
}

pub(super) fn parse(input: TokenStream, errors: &Errors) -> Option<Model> {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    check_shape(&input, errors);
    let mut attr = Attr::default();
    let mut span = input.ident.span();
    let mut found = false;
    for attribute in input.attrs.iter().filter(|a| a.path().is_ident("provider")) {
        if found {
            errors.error_spanned(attribute, "`#[provider(…)]` is given twice; merge the two");
            continue;
        }
        found = true;
        span = attribute.path().span();
        match attribute.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
            Ok(metas) => metas
                .into_iter()
                .for_each(|meta| parse_meta(meta, &mut attr, errors)),
            Err(error) => {
                attr.malformed = true;
                errors.push(error);
            }
        }
    }
    if !found {
        errors.error_at(
            input.ident.span(),
            "`#[derive(Provider)]` needs `#[provider(name = \"…\", signature_header = \"…\", …)]`",
        );
        return None;
    }
    Some(Model {
        ident: input.ident,
        attr,
        span,
    })
}

/// Rule: the derive goes on a unit struct without generics (providers are markers).
fn check_shape(input: &DeriveInput, errors: &Errors) {
    let unit = matches!(&input.data, Data::Struct(data) if matches!(data.fields, Fields::Unit));
    if !unit {
        errors.error_spanned(
            &input.ident,
            "`#[derive(Provider)]` goes on a unit struct: `struct Acme;`",
        );
    }
    if !input.generics.params.is_empty() {
        errors.error_spanned(&input.generics, "a provider type cannot be generic");
    }
}

fn parse_meta(meta: Meta, attr: &mut Attr, errors: &Errors) {
    let Meta::NameValue(pair) = meta else {
        attr.malformed = true;
        errors.error_spanned(&meta, "expected `key = value`, e.g. `name = \"acme\"`");
        return;
    };
    let Some(key) = pair.path.get_ident().map(Ident::to_string) else {
        attr.malformed = true;
        errors.error_spanned(
            &pair.path,
            format!("unknown key{}", hint("", KEYS.iter().copied())),
        );
        return;
    };
    // `KEYS` decides which keys exist, so "did you mean" knows every one.
    if !KEYS.contains(&key.as_str()) {
        attr.malformed = true;
        errors.error_spanned(
            &pair.path,
            format!("unknown key `{key}`{}", hint(&key, KEYS.iter().copied())),
        );
        return;
    }
    let value = &pair.value;
    // A string value, with an example of the key for the message when it is not one.
    let text = |example: &str| string(value, &key, example, errors);
    let already = match key.as_str() {
        "name" => set(&mut attr.name, text("acme")),
        "signature_header" => set(&mut attr.signature_header, text("X-Acme-Signature")),
        "algorithm" => set(&mut attr.algorithm, text("hmac-sha256")),
        "encoding" => set(&mut attr.encoding, text("hex")),
        "prefix" => set(&mut attr.prefix, text("sha256=")),
        "signed" => set(&mut attr.signed, text("{timestamp}.{body}")),
        "timestamp_header" => set(&mut attr.timestamp_header, text("X-Acme-Timestamp")),
        "tolerance_secs" => set(&mut attr.tolerance_secs, integer(value, errors)),
        "id_header" => set(&mut attr.id_header, text("X-Acme-Delivery")),
        "id_field" => set(&mut attr.id_field, text("/id")),
        "event_header" => set(&mut attr.event_header, text("X-Acme-Event")),
        "event_field" => set(&mut attr.event_field, text("/type")),
        "events" => set(&mut attr.events, strings(value, errors)),
        "secret_env" => set(&mut attr.secret_env, text("ACME_WEBHOOK_SECRET")),
        listed => unreachable!("`{listed}` is in `KEYS` but not read"),
    };
    match already {
        Some(true) => {
            attr.malformed = true;
            errors.error_spanned(&pair.path, format!("duplicate key `{key}`"));
        }
        None => attr.malformed = true,
        Some(false) => {}
    }
}

/// Stores a parsed value: `Some(true)` when the key was already set, `None` when the
/// value itself was wrong (already reported).
fn set<T>(slot: &mut Option<T>, value: Option<T>) -> Option<bool> {
    let value = value?;
    let duplicate = slot.is_some();
    if !duplicate {
        *slot = Some(value);
    }
    Some(duplicate)
}

fn integer(value: &Expr, errors: &Errors) -> Option<LitInt> {
    if let Expr::Lit(ExprLit {
        lit: Lit::Int(number),
        ..
    }) = ungrouped(value)
    {
        return Some(number.clone());
    }
    errors.error_spanned(
        value,
        "expected a whole number of seconds, e.g. `tolerance_secs = 300`",
    );
    None
}

fn strings(value: &Expr, errors: &Errors) -> Option<Vec<LitStr>> {
    let Expr::Array(ExprArray { elems, .. }) = ungrouped(value) else {
        errors.error_spanned(
            value,
            "expected a list of event names, e.g. `events = [\"order.paid\"]`",
        );
        return None;
    };
    let mut names = Vec::new();
    for element in elems {
        match string_literal(element) {
            Some(name) => names.push(name.clone()),
            None => errors.error_spanned(element, "expected an event name string"),
        }
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only keys in `KEYS` are read, so this reaches every arm of `parse_meta`.
    #[test]
    fn every_listed_key_is_read() {
        for key in KEYS {
            let key = Ident::new(key, Span::call_site());
            let errors = Errors::new();
            let mut attr = Attr::default();
            parse_meta(syn::parse_quote!(#key = "x"), &mut attr, &errors);
            let unknown = errors
                .finish()
                .err()
                .into_iter()
                .flatten()
                .any(|error| error.to_string().starts_with("unknown key"));
            assert!(!unknown, "`{key}` is listed but not read");
        }
    }
}
