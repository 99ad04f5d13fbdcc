//! Every path generated code names, in one place. All are absolute and go through
//! `::webhook::__private`, so user crates need only `webhook` in their dependencies.

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn private() -> TokenStream {
    quote!(::webhook::__private)
}

/// The provider type of a built-in provider name, if it is one.
pub(crate) fn builtin_provider(name: &str) -> Option<TokenStream> {
    let private = private();
    match name {
        "stripe" => Some(quote!(#private::Stripe)),
        "github" => Some(quote!(#private::GitHub)),
        _ => None,
    }
}

/// The Cargo feature that enables a built-in provider (same as its name).
pub(crate) const BUILTIN_PROVIDERS: &[&str] = &["stripe", "github"];
