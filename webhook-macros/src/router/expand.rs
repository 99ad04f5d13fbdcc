//! Expands to `Webhooks::new().handler::<path>()…`, each call at its path's span so a
//! path that is not a `#[webhook]` handler is reported right there.
//!
//! No token is spanned at the call site: like `#[webhook]`'s (see `handler::expand`),
//! the expansion carries only spans of what the user wrote, so the fn holding the
//! `router![…]` is reused by incremental builds when text above it moves.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::parse::HandlerList;
use crate::paths::private;

pub(super) fn expand(list: &HandlerList) -> TokenStream {
    let first = list
        .paths
        .first()
        .map_or_else(Span::call_site, Spanned::span);
    let private = private(first);
    let calls = list
        .paths
        .iter()
        .map(|path| quote_spanned!(path.span()=> .handler::<#path>()));
    quote_spanned! {first=>
        #private::Webhooks::new() #(#calls)*
    }
}

/// On errors: a block with the errors and an empty builder, so code using the result
/// type-checks and adds no second error.
pub(super) fn recovery(errors: TokenStream) -> TokenStream {
    let private = private(Span::call_site());
    quote!({ #errors #private::Webhooks::new() })
}
