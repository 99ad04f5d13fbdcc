//! The Subscription and Subscription Item objects (Stripe API reference: "The
//! Subscription object", "The Subscription Item object", API version 2024-06-20; the
//! billing period moved to the items in `2025-03-31.basil`, so both places are optional).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    null_as_default, CollectionMethod, Customer, Expandable, Invoice, InvoiceSettings, List,
    Metadata, Price,
};

string_enum! {
    /// A subscription's `status`.
    SubscriptionStatus {
        /// Waiting for the first payment.
        Incomplete = "incomplete",
        /// The first payment never succeeded (terminal).
        IncompleteExpired = "incomplete_expired",
        /// In a trial.
        Trialing = "trialing",
        /// Active and paid.
        Active = "active",
        /// The latest renewal failed; retrying.
        PastDue = "past_due",
        /// Canceled (terminal).
        Canceled = "canceled",
        /// Renewals failed and retries are exhausted; invoices stay open.
        Unpaid = "unpaid",
        /// A trial ended without a payment method.
        Paused = "paused",
    }
}

/// Why and how a subscription was canceled (`cancellation_details`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CancellationDetails {
    /// The customer's free-text comment.
    pub comment: Option<String>,
    /// The customer's reason, e.g. `too_expensive`.
    pub feedback: Option<String>,
    /// Why it was canceled, e.g. `cancellation_requested` or `payment_failed`.
    pub reason: Option<String>,
}

/// A Stripe subscription (`object: "subscription"`), as in `customer.subscription.*`
/// events.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Subscription {
    /// `sub_…`.
    pub id: String,
    /// Always `subscription`.
    pub object: String,
    /// The Connect application that created it.
    pub application: Option<Expandable<Value>>,
    /// Percentage of each invoice sent to the application owner.
    pub application_fee_percent: Option<f64>,
    /// Automatic tax settings.
    pub automatic_tax: Option<Value>,
    /// The reference point for billing dates, unix seconds.
    pub billing_cycle_anchor: Option<i64>,
    /// When the subscription is set to cancel, unix seconds.
    pub cancel_at: Option<i64>,
    /// Whether it cancels at the end of the current period.
    #[serde(default)]
    pub cancel_at_period_end: bool,
    /// When it was canceled (or when cancellation was requested), unix seconds.
    pub canceled_at: Option<i64>,
    /// Why and how it was canceled.
    pub cancellation_details: Option<CancellationDetails>,
    /// How invoices are collected.
    pub collection_method: Option<CollectionMethod>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Three-letter ISO currency code, lowercase.
    pub currency: Option<String>,
    /// End of the current period (on the items from `2025-03-31.basil`).
    pub current_period_end: Option<i64>,
    /// Start of the current period (on the items from `2025-03-31.basil`).
    pub current_period_start: Option<i64>,
    /// The customer (`cus_…`).
    pub customer: Expandable<Customer>,
    /// Days until invoices are due, for `send_invoice` collection.
    pub days_until_due: Option<u32>,
    /// The default payment method (`pm_…`).
    pub default_payment_method: Option<Expandable<Value>>,
    /// The default payment source (legacy sources API).
    pub default_source: Option<Expandable<Value>>,
    /// Description shown in the customer portal.
    pub description: Option<String>,
    /// The discounts applied (`di_…`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub discounts: Vec<Expandable<Value>>,
    /// When it ended, unix seconds.
    pub ended_at: Option<i64>,
    /// Invoice settings for its invoices.
    pub invoice_settings: Option<InvoiceSettings>,
    /// The subscription items: one per price.
    #[serde(default)]
    pub items: List<SubscriptionItem>,
    /// The most recent invoice (`in_…`).
    pub latest_invoice: Option<Expandable<Invoice>>,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// The Connect account the charges are made on behalf of.
    pub on_behalf_of: Option<Expandable<Value>>,
    /// Whether and how payment collection is paused.
    pub pause_collection: Option<Value>,
    /// Payment settings for its invoices.
    pub payment_settings: Option<Value>,
    /// The setup intent to collect a payment method, when one is pending.
    pub pending_setup_intent: Option<Expandable<Value>>,
    /// Updates that apply once the latest invoice is paid.
    pub pending_update: Option<Value>,
    /// The subscription schedule managing it (`sub_sched_…`).
    pub schedule: Option<Expandable<Value>>,
    /// When it started (which may precede `created` for backdated ones), unix seconds.
    pub start_date: Option<i64>,
    /// The subscription's status.
    pub status: SubscriptionStatus,
    /// The test clock, in test mode.
    pub test_clock: Option<Expandable<Value>>,
    /// When the trial ends, unix seconds.
    pub trial_end: Option<i64>,
    /// What happens when the trial ends.
    pub trial_settings: Option<Value>,
    /// When the trial started, unix seconds.
    pub trial_start: Option<i64>,
}

/// One price on a subscription (`object: "subscription_item"`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct SubscriptionItem {
    /// `si_…`.
    pub id: String,
    /// Always `subscription_item`.
    pub object: String,
    /// Creation time, unix seconds.
    pub created: Option<i64>,
    /// End of the item's current period (`2025-03-31.basil` on).
    pub current_period_end: Option<i64>,
    /// Start of the item's current period (`2025-03-31.basil` on).
    pub current_period_start: Option<i64>,
    /// Discounts on this item (`di_…`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub discounts: Vec<Expandable<Value>>,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// The price.
    pub price: Price,
    /// The quantity, for `licensed` prices.
    pub quantity: Option<u64>,
    /// The subscription it belongs to (`sub_…`).
    pub subscription: Option<String>,
}
