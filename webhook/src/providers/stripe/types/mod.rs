//! Ready-made types for the Stripe objects webhook handlers touch most.
//!
//! Field names and nullability follow Stripe's API reference for each object (the
//! "object" pages at docs.stripe.com/api), written against API version `2024-06-20`.
//! Fields that later versions (`2025-03-31.basil` and on) removed or moved, such as
//! `Invoice::subscription` or `Subscription::current_period_end`, are `Option`, so an
//! event rendered with either version parses; the new homes (`Invoice::parent`,
//! `SubscriptionItem::current_period_end`) are there too.
//!
//! Forward compatibility rules used throughout:
//!
//! - unknown fields are ignored (so they are also dropped when re-serialized);
//! - every field Stripe documents as nullable, or that depends on the API version or on
//!   expansion, is an `Option`; flags that are `false` when absent use `#[serde(default)]`;
//! - ids that can be expanded into objects are [`Expandable`];
//! - enum-like strings (statuses, reasons, …) are enums with an `Other(String)` variant
//!   that keeps any value this crate does not know, so a new status never fails a parse
//!   and re-serializes unchanged;
//! - `metadata` is a `HashMap<String, String>`, empty when absent or `null`.

use serde::{Deserialize, Deserializer, Serialize};

/// Declares a string enum whose unknown values are kept in `Other(String)`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The value as Stripe writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Other(value) => value,
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $value => $name::$variant, )*
                    _ => $name::Other(value),
                }
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                match value {
                    $name::Other(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
    };
}

mod checkout;
mod customer;
mod invoice;
mod payment;
mod price;
mod refund;
mod subscription;

pub use checkout::*;
pub use customer::*;
pub use invoice::*;
pub use payment::*;
pub use price::*;
pub use refund::*;
pub use subscription::*;

/// Reads `null` or an absent field as the type's default (empty map, empty list).
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Metadata: Stripe's free-form string map on most objects.
pub type Metadata = std::collections::HashMap<String, String>;

/// An id that Stripe sends as a string, or as the whole object when the request that
/// rendered it asked for `expand[]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Expandable<T> {
    /// Not expanded: just the id, e.g. `cus_…`.
    Id(String),
    /// Expanded: the object itself.
    Object(Box<T>),
}

impl<T> Expandable<T> {
    /// The id, when not expanded.
    pub fn as_id(&self) -> Option<&str> {
        match self {
            Expandable::Id(id) => Some(id),
            Expandable::Object(_) => None,
        }
    }

    /// The object, when expanded.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }

    /// Whether this is the expanded object.
    pub fn is_object(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }
}

/// A Stripe list object: `{"object": "list", "data": [...], "has_more", "url"}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct List<T> {
    /// Always `list`.
    #[serde(default = "list_object")]
    pub object: String,
    /// The items on this page.
    #[serde(default)]
    pub data: Vec<T>,
    /// Whether more items exist past this page.
    #[serde(default)]
    pub has_more: bool,
    /// The API path that lists every item, e.g. `/v1/invoices/in_…/lines`.
    pub url: Option<String>,
    /// Total number of items, when the list includes it.
    pub total_count: Option<u64>,
}

fn list_object() -> String {
    "list".to_owned()
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            object: list_object(),
            data: Vec::new(),
            has_more: false,
            url: None,
            total_count: None,
        }
    }
}

/// A postal address; every part is nullable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Address {
    /// City, district, suburb, town, or village.
    pub city: Option<String>,
    /// Two-letter country code (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Address line 1 (street, PO box, or company name).
    pub line1: Option<String>,
    /// Address line 2 (apartment, suite, unit, or building).
    pub line2: Option<String>,
    /// ZIP or postal code.
    pub postal_code: Option<String>,
    /// State, county, province, or region.
    pub state: Option<String>,
}

/// Shipping details: a name and address, and for charges the carrier and tracking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Shipping {
    /// The shipping address.
    pub address: Option<Address>,
    /// Recipient name.
    pub name: Option<String>,
    /// Recipient phone number.
    pub phone: Option<String>,
    /// The delivery service (charges and payment intents only).
    pub carrier: Option<String>,
    /// The tracking number (charges and payment intents only).
    pub tracking_number: Option<String>,
}

/// Billing details collected with a payment method.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct BillingDetails {
    /// Billing address.
    pub address: Option<Address>,
    /// Email address.
    pub email: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Phone number, including extension.
    pub phone: Option<String>,
}

/// A time range in unix seconds, e.g. an invoice line's billing period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Period {
    /// Start, unix seconds.
    pub start: i64,
    /// End, unix seconds.
    pub end: i64,
}

string_enum! {
    /// How an invoice or subscription is collected (`collection_method`).
    CollectionMethod {
        /// Stripe charges the default payment method.
        ChargeAutomatically = "charge_automatically",
        /// Stripe emails the invoice for the customer to pay.
        SendInvoice = "send_invoice",
    }
}

string_enum! {
    /// A customer's tax exemption (`tax_exempt`).
    TaxExempt {
        /// Not exempt.
        None = "none",
        /// Exempt.
        Exempt = "exempt",
        /// Reverse charge applies.
        Reverse = "reverse",
    }
}
