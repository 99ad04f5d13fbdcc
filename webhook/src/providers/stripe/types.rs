//! Placeholder until the ready-made Stripe types land.
use serde::{Deserialize, Serialize};
/// A Stripe invoice.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Invoice {
    /// `in_…`.
    pub id: String,
    /// Amount paid, in the smallest currency unit.
    pub amount_paid: Option<i64>,
}
