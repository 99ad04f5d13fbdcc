//! Expands to `Webhooks::new().handler::<path>()…`, each call at its path's span so a
//! path that is not a `#[webhook]` handler is reported right there.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::parse::HandlerList;
use crate::paths::private;

pub(super) fn expand(list: &HandlerList) -> TokenStream {
    let private = private();
    let calls = list
        .paths
        .iter()
        .map(|path| quote_spanned!(path.span()=> .handler::<#path>()));
    quote! {
        #private::Webhooks::new() #(#calls)*
    }
}

/// On errors: a block with the errors and an empty builder, so code using the result
/// type-checks and adds no second error.
pub(super) fn recovery(errors: TokenStream) -> TokenStream {
    let private = private();
    quote!({ #errors #private::Webhooks::new() })
}
