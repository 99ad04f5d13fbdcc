//! The Price and Product objects (Stripe API reference: "The Price object", "The
//! Product object", API version 2024-06-20). Prices are also embedded in invoice lines
//! and subscription items, where fields may be trimmed, so little is required.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{null_as_default, Expandable, Metadata};

string_enum! {
    /// A price's `type`.
    PriceType {
        /// Charged once.
        OneTime = "one_time",
        /// Charged on a recurring interval.
        Recurring = "recurring",
    }
}

string_enum! {
    /// How often a recurring price bills (`recurring.interval`).
    RecurringInterval {
        /// Daily.
        Day = "day",
        /// Weekly.
        Week = "week",
        /// Monthly.
        Month = "month",
        /// Yearly.
        Year = "year",
    }
}

/// The recurring part of a price (`recurring`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Recurring {
    /// For metered usage: how usage in a period is aggregated (legacy).
    pub aggregate_usage: Option<String>,
    /// The billing interval.
    pub interval: RecurringInterval,
    /// Number of intervals between bills, e.g. `3` with `month` for quarterly.
    pub interval_count: Option<u32>,
    /// The billing meter, for metered prices.
    pub meter: Option<String>,
    /// Default trial length in days (deprecated by Stripe in favour of subscriptions').
    pub trial_period_days: Option<u32>,
    /// `licensed` (per seat) or `metered`.
    pub usage_type: Option<String>,
}

/// A Stripe price (`object: "price"`), as in `price.*` events and embedded in lines.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Price {
    /// `price_…`.
    pub id: String,
    /// Always `price`.
    pub object: String,
    /// Whether the price can be used for new purchases.
    pub active: Option<bool>,
    /// `per_unit` or `tiered`.
    pub billing_scheme: Option<String>,
    /// Creation time, unix seconds.
    pub created: Option<i64>,
    /// Three-letter ISO currency code, lowercase.
    pub currency: Option<String>,
    /// Settings for customer-chosen amounts ("pay what you want").
    pub custom_unit_amount: Option<Value>,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// A key for looking the price up dynamically.
    pub lookup_key: Option<String>,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// A brief description, hidden from customers.
    pub nickname: Option<String>,
    /// The product the price is for (`prod_…`).
    pub product: Option<Expandable<Product>>,
    /// The recurring part, for recurring prices.
    pub recurring: Option<Recurring>,
    /// `inclusive`, `exclusive` or `unspecified`.
    pub tax_behavior: Option<String>,
    /// `graduated` or `volume`, for tiered prices.
    pub tiers_mode: Option<String>,
    /// How the quantity is transformed before billing.
    pub transform_quantity: Option<Value>,
    /// One-time or recurring.
    #[serde(rename = "type", default)]
    pub price_type: Option<PriceType>,
    /// Unit amount in the smallest currency unit, for `per_unit` prices.
    pub unit_amount: Option<i64>,
    /// The unit amount as a decimal string, which may have more precision.
    pub unit_amount_decimal: Option<String>,
}

/// A marketing feature listed on a product (`marketing_features[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct MarketingFeature {
    /// The feature's name.
    pub name: Option<String>,
}

/// A Stripe product (`object: "product"`), as in `product.*` events.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Product {
    /// `prod_…`.
    pub id: String,
    /// Always `product`.
    pub object: String,
    /// `true` on a deleted product; absent otherwise.
    pub deleted: Option<bool>,
    /// Whether the product can be bought.
    pub active: Option<bool>,
    /// Creation time, unix seconds.
    pub created: Option<i64>,
    /// The default price (`price_…`).
    pub default_price: Option<Expandable<Price>>,
    /// Description shown to customers.
    pub description: Option<String>,
    /// Up to eight image URLs.
    #[serde(default, deserialize_with = "null_as_default")]
    pub images: Vec<String>,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// Features shown on pricing tables.
    #[serde(default, deserialize_with = "null_as_default")]
    pub marketing_features: Vec<MarketingFeature>,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// The name shown to customers.
    pub name: Option<String>,
    /// Package dimensions, for shipping.
    pub package_dimensions: Option<Value>,
    /// Whether the product is shipped.
    pub shippable: Option<bool>,
    /// Statement descriptor for one-time purchases.
    pub statement_descriptor: Option<String>,
    /// The tax code (`txcd_…`).
    pub tax_code: Option<Expandable<Value>>,
    /// `service` or `good` (older API versions).
    #[serde(rename = "type", default)]
    pub product_type: Option<String>,
    /// The unit shown on receipts and invoices, e.g. `seat`.
    pub unit_label: Option<String>,
    /// Last update time, unix seconds.
    pub updated: Option<i64>,
    /// A public URL for the product.
    pub url: Option<String>,
}
