//! The Customer object (Stripe API reference: "The Customer object", API version
//! 2024-06-20). The same type reads the deleted form `{id, object, deleted: true}` sent
//! with `customer.deleted`, which is why almost every field is optional.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{null_as_default, Address, Expandable, Metadata, Shipping, TaxExempt};

/// A Stripe customer (`object: "customer"`), as in `customer.*` events.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Customer {
    /// `cus_…`.
    pub id: String,
    /// Always `customer`.
    pub object: String,
    /// `true` on a deleted customer; absent otherwise.
    pub deleted: Option<bool>,
    /// The customer's address.
    pub address: Option<Address>,
    /// Credit balance (negative) or amount owed (positive) for the next invoice.
    pub balance: Option<i64>,
    /// Creation time, unix seconds.
    pub created: Option<i64>,
    /// The currency the customer is billed in, once set.
    pub currency: Option<String>,
    /// The default payment source (legacy sources API).
    pub default_source: Option<Expandable<Value>>,
    /// Whether the customer's latest invoice is overdue or a charge failed.
    pub delinquent: Option<bool>,
    /// An arbitrary description.
    pub description: Option<String>,
    /// The customer-level discount, if any.
    pub discount: Option<Value>,
    /// The customer's email address.
    pub email: Option<String>,
    /// The prefix of the customer's invoice numbers.
    pub invoice_prefix: Option<String>,
    /// Default invoice settings.
    pub invoice_settings: Option<InvoiceSettings>,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// Full name or business name.
    pub name: Option<String>,
    /// The suffix of the customer's next invoice number.
    pub next_invoice_sequence: Option<u64>,
    /// Phone number.
    pub phone: Option<String>,
    /// Preferred languages, most preferred first.
    #[serde(default, deserialize_with = "null_as_default")]
    pub preferred_locales: Vec<String>,
    /// Shipping name and address.
    pub shipping: Option<Shipping>,
    /// Tax exemption status.
    pub tax_exempt: Option<TaxExempt>,
    /// The test clock, in test mode.
    pub test_clock: Option<Expandable<Value>>,
}

impl Customer {
    /// Whether this is the deleted form of a customer.
    pub fn is_deleted(&self) -> bool {
        self.deleted == Some(true)
    }
}

/// A customer's default invoice settings (`invoice_settings`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct InvoiceSettings {
    /// Custom fields shown on invoices.
    pub custom_fields: Option<Value>,
    /// The default payment method for subscriptions and invoices (`pm_…`).
    pub default_payment_method: Option<Expandable<Value>>,
    /// Default invoice footer.
    pub footer: Option<String>,
    /// Default rendering options.
    pub rendering_options: Option<Value>,
}
