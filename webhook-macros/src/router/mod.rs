//! `router![handler, module::handler, …]`: parse, check, expand.

mod check;
mod expand;
mod parse;

use proc_macro2::TokenStream;

use crate::errors::{output, Errors};

pub(crate) fn router(input: TokenStream) -> proc_macro::TokenStream {
    let errors = Errors::new();
    let list = parse::parse(input, &errors);
    if let Some(list) = &list {
        check::check(list, &errors);
    }
    let result = errors
        .finish()
        .map(|()| expand::expand(&list.expect("parsed when no errors")));
    output("router!", result, expand::recovery)
}
