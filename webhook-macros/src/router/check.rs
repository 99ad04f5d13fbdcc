//! Rules for the handler list.

use quote::ToTokens;

use super::parse::HandlerList;
use crate::errors::Errors;

pub(super) fn check(list: &HandlerList, errors: &Errors) {
    check_not_empty(list, errors);
    check_no_duplicates(list, errors);
}

/// Rule: at least one handler.
fn check_not_empty(list: &HandlerList, errors: &Errors) {
    if list.paths.is_empty() {
        errors.error_at(
            proc_macro2::Span::call_site(),
            "`router![]` needs at least one handler, e.g. `router![invoice_paid]`",
        );
    }
}

/// Rule: each handler once (it would otherwise run twice per event).
fn check_no_duplicates(list: &HandlerList, errors: &Errors) {
    for (index, path) in list.paths.iter().enumerate() {
        let text = path.to_token_stream().to_string();
        if list.paths[..index]
            .iter()
            .any(|earlier| earlier.to_token_stream().to_string() == text)
        {
            errors.error_spanned(path, format!("handler `{text}` is listed twice"));
        }
    }
}
