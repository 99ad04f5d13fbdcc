//! `#[webhook(provider = "…", event = "…")]`: parse, check, expand.

mod check;
mod expand;
mod parse;
mod payload;

use proc_macro2::TokenStream;

use crate::errors::{output, Errors};

pub(crate) fn webhook(args: TokenStream, item: TokenStream) -> proc_macro::TokenStream {
    let errors = Errors::new();
    let model = parse::parse(args, item.clone(), &errors);
    let checked = model.and_then(|model| check::check(model, &errors));
    let result = errors.finish().map(|()| {
        let checked = checked.expect("a model exists when there are no errors");
        expand::expand(&checked)
    });
    output("#[webhook]", result, |errors| {
        expand::recovery(item, errors)
    })
}
