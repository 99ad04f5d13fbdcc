//! The Checkout Session object (Stripe API reference: "The Checkout Session object",
//! `object: "checkout.session"`, API version 2024-06-20).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    null_as_default, Address, Customer, Expandable, Invoice, List, Metadata, PaymentIntent,
    Shipping, Subscription, TaxExempt,
};

string_enum! {
    /// A checkout session's `mode`.
    CheckoutMode {
        /// One-time payment.
        Payment = "payment",
        /// Save a payment method for later.
        Setup = "setup",
        /// Start a subscription.
        Subscription = "subscription",
    }
}

string_enum! {
    /// A checkout session's `status`.
    CheckoutSessionStatus {
        /// In progress.
        Open = "open",
        /// Completed (payment may still be processing; see `payment_status`).
        Complete = "complete",
        /// Expired unused.
        Expired = "expired",
    }
}

string_enum! {
    /// A checkout session's `payment_status`.
    CheckoutPaymentStatus {
        /// Funds are available.
        Paid = "paid",
        /// Not paid yet (e.g. a delayed notification method).
        Unpaid = "unpaid",
        /// Nothing to pay (e.g. a free trial or setup).
        NoPaymentRequired = "no_payment_required",
    }
}

/// What the customer entered at checkout (`customer_details`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CustomerDetails {
    /// The customer's address.
    pub address: Option<Address>,
    /// The customer's email.
    pub email: Option<String>,
    /// The customer's name.
    pub name: Option<String>,
    /// The customer's phone.
    pub phone: Option<String>,
    /// The customer's tax exemption.
    pub tax_exempt: Option<TaxExempt>,
    /// Tax ids the customer entered.
    #[serde(default, deserialize_with = "null_as_default")]
    pub tax_ids: Vec<Value>,
}

/// Totals of discounts, shipping and tax (`total_details`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct TotalDetails {
    /// Total discount.
    #[serde(default)]
    pub amount_discount: i64,
    /// Total shipping.
    pub amount_shipping: Option<i64>,
    /// Total tax.
    #[serde(default)]
    pub amount_tax: i64,
    /// The per-discount and per-rate breakdown, when expanded.
    pub breakdown: Option<Value>,
}

/// A Stripe Checkout session (`object: "checkout.session"`), as in
/// `checkout.session.*` events.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct CheckoutSession {
    /// `cs_test_…` or `cs_live_…`.
    pub id: String,
    /// Always `checkout.session`.
    pub object: String,
    /// Whether promotion codes are accepted.
    pub allow_promotion_codes: Option<bool>,
    /// Total before discounts and taxes.
    pub amount_subtotal: Option<i64>,
    /// Total after discounts and taxes.
    pub amount_total: Option<i64>,
    /// Automatic tax settings and status.
    pub automatic_tax: Option<Value>,
    /// `auto` or `required`.
    pub billing_address_collection: Option<String>,
    /// Where the customer goes when they cancel.
    pub cancel_url: Option<String>,
    /// Your reference for the session, e.g. a cart id.
    pub client_reference_id: Option<String>,
    /// Consents the customer gave (promotions, terms of service).
    pub consent: Option<Value>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Three-letter ISO currency code, lowercase.
    pub currency: Option<String>,
    /// Custom fields the customer filled in.
    #[serde(default, deserialize_with = "null_as_default")]
    pub custom_fields: Vec<Value>,
    /// The customer (`cus_…`), when one exists or was created.
    pub customer: Option<Expandable<Customer>>,
    /// `always` or `if_required`.
    pub customer_creation: Option<String>,
    /// What the customer entered.
    pub customer_details: Option<CustomerDetails>,
    /// The email the session was prefilled with.
    pub customer_email: Option<String>,
    /// When the session expires, unix seconds.
    pub expires_at: Option<i64>,
    /// The invoice created after a completed `payment` or `subscription` session.
    pub invoice: Option<Expandable<Invoice>>,
    /// The line items, when expanded (never in a webhook unless expanded).
    pub line_items: Option<List<Value>>,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// The language the page is shown in, e.g. `auto`.
    pub locale: Option<String>,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// Payment, setup or subscription.
    pub mode: CheckoutMode,
    /// The payment intent (`pi_…`), for `payment` sessions.
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    /// The payment link that created the session (`plink_…`).
    pub payment_link: Option<Expandable<Value>>,
    /// `always` or `if_required`.
    pub payment_method_collection: Option<String>,
    /// Per-method options.
    pub payment_method_options: Option<Value>,
    /// The payment method types offered.
    #[serde(default, deserialize_with = "null_as_default")]
    pub payment_method_types: Vec<String>,
    /// Whether the payment is done.
    pub payment_status: CheckoutPaymentStatus,
    /// The session this one was recovered from.
    pub recovered_from: Option<String>,
    /// The setup intent (`seti_…`), for `setup` sessions.
    pub setup_intent: Option<Expandable<Value>>,
    /// Shipping cost chosen.
    pub shipping_cost: Option<Value>,
    /// Shipping details collected (moved under `collected_information` in
    /// `2025-03-31.basil`).
    pub shipping_details: Option<Shipping>,
    /// Open, complete or expired.
    pub status: Option<CheckoutSessionStatus>,
    /// The label of the submit button: `auto`, `pay`, `book`, `donate`.
    pub submit_type: Option<String>,
    /// The subscription (`sub_…`), for `subscription` sessions.
    pub subscription: Option<Expandable<Subscription>>,
    /// Where the customer goes after paying.
    pub success_url: Option<String>,
    /// Discount, shipping and tax totals.
    pub total_details: Option<TotalDetails>,
    /// `hosted`, `embedded` or `custom`.
    pub ui_mode: Option<String>,
    /// The page's URL while the session is open.
    pub url: Option<String>,
}
