//! Reads the list of handler paths.

use proc_macro2::TokenStream;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Path, Token};

use crate::errors::Errors;

/// The handler paths, as written.
pub(super) struct HandlerList {
    pub(super) paths: Vec<Path>,
}

pub(super) fn parse(input: TokenStream, errors: &Errors) -> Option<HandlerList> {
    match Punctuated::<Path, Token![,]>::parse_terminated.parse2(input) {
        Ok(paths) => Some(HandlerList {
            paths: paths.into_iter().collect(),
        }),
        Err(error) => {
            errors.push(syn::Error::new(
                error.span(),
                format!("{error}; `router![…]` takes the names of `#[webhook]` handlers, separated by commas"),
            ));
            None
        }
    }
}
