//! Reading attribute values.

use syn::Expr;

/// A value as written, without the invisible group `macro_rules!` puts around a
/// `$value:literal` or `$value:expr` it forwards into an attribute.
pub(crate) fn ungrouped(value: &Expr) -> &Expr {
    match value {
        Expr::Group(group) => ungrouped(&group.expr),
        other => other,
    }
}
