//! Reading attribute values: every parser reads strings through [`string`] or
//! [`string_literal`], so a value forwarded by `macro_rules!` is accepted everywhere.

use syn::{Expr, ExprLit, Lit, LitStr};

use crate::errors::Errors;

/// A value as written, without the invisible group `macro_rules!` puts around a
/// `$value:literal` or `$value:expr` it forwards into an attribute.
pub(crate) fn ungrouped(value: &Expr) -> &Expr {
    match value {
        Expr::Group(group) => ungrouped(&group.expr),
        other => other,
    }
}

/// The string literal `value` is, if it is one. For values that may also be something
/// else (`provider = "stripe"` or `provider = Acme`) or are reported in their own words.
pub(crate) fn string_literal(value: &Expr) -> Option<&LitStr> {
    match ungrouped(value) {
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            attrs: _,
        }) => Some(text),
        _ => None,
    }
}

/// The string of `key = "…"`. Anything else is reported at the value, with `example`
/// (written without quotes) as the fix: ``expected a string for `key`, e.g. `key = "example"` ``.
pub(crate) fn string(value: &Expr, key: &str, example: &str, errors: &Errors) -> Option<LitStr> {
    let text = string_literal(value);
    if text.is_none() {
        errors.error_spanned(
            value,
            format!("expected a string for `{key}`, e.g. `{key} = \"{example}\"`"),
        );
    }
    text.cloned()
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use super::*;

    #[test]
    fn reads_a_string_as_written() {
        let value: Expr = parse_quote!("invoice.paid");
        assert_eq!(string_literal(&value).unwrap().value(), "invoice.paid");
    }

    #[test]
    fn reads_a_string_forwarded_by_macro_rules() {
        let literal: Expr = parse_quote!("invoice.paid");
        let value = Expr::Group(syn::ExprGroup {
            attrs: Vec::new(),
            group_token: Default::default(),
            expr: Box::new(literal),
        });
        assert_eq!(string_literal(&value).unwrap().value(), "invoice.paid");
    }

    #[test]
    fn anything_else_is_reported_with_the_example() {
        let value: Expr = parse_quote!(invoice_paid);
        let errors = Errors::new();
        assert!(string(&value, "event", "invoice.paid", &errors).is_none());
        let message = errors.finish().unwrap_err().to_string();
        assert_eq!(
            message,
            "expected a string for `event`, e.g. `event = \"invoice.paid\"`"
        );
    }

    #[test]
    fn other_literals_are_not_strings() {
        let value: Expr = parse_quote!(300);
        assert!(string_literal(&value).is_none());
    }
}
