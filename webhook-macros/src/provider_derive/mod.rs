//! `#[derive(Provider)]` with `#[provider(…)]`: parse, check, expand.

mod check;
mod expand;
mod parse;

use proc_macro2::TokenStream;

use crate::errors::{output, Errors};

pub(crate) fn derive(input: TokenStream) -> proc_macro::TokenStream {
    let errors = Errors::new();
    let model = parse::parse(input, &errors);
    let checked = model.and_then(|model| check::check(model, &errors));
    let result = errors
        .finish()
        .map(|()| expand::expand(&checked.expect("checked when no errors")));
    output("#[derive(Provider)]", result, |errors| errors)
}
