//! The Invoice object and its line items (Stripe API reference: "The Invoice object",
//! "The Invoice Line Item object"; API version 2024-06-20, with the `2025-03-31.basil`
//! additions as optional fields).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    null_as_default, Address, Charge, CollectionMethod, Customer, Expandable, List, Metadata,
    PaymentIntent, Period, Price, Shipping, Subscription, TaxExempt,
};

string_enum! {
    /// An invoice's `status`.
    InvoiceStatus {
        /// Being prepared; can still be edited.
        Draft = "draft",
        /// Finalized and awaiting payment.
        Open = "open",
        /// Paid.
        Paid = "paid",
        /// Marked as unlikely to be paid.
        Uncollectible = "uncollectible",
        /// Canceled.
        Void = "void",
    }
}

string_enum! {
    /// Why an invoice was created (`billing_reason`).
    BillingReason {
        /// A pending invoice item threshold or interval was reached.
        AutomaticPendingInvoiceItemInvoice = "automatic_pending_invoice_item_invoice",
        /// Created by hand.
        Manual = "manual",
        /// Created when a quote was accepted.
        QuoteAccept = "quote_accept",
        /// Created for a subscription (legacy reason).
        Subscription = "subscription",
        /// A subscription's first invoice.
        SubscriptionCreate = "subscription_create",
        /// A subscription's renewal.
        SubscriptionCycle = "subscription_cycle",
        /// A subscription's usage threshold was reached.
        SubscriptionThreshold = "subscription_threshold",
        /// A subscription was updated (e.g. prorations invoiced now).
        SubscriptionUpdate = "subscription_update",
        /// A preview of the next invoice.
        Upcoming = "upcoming",
    }
}

/// When an invoice moved between statuses (unix seconds, `null` until it happens).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct StatusTransitions {
    /// When the invoice was finalized.
    pub finalized_at: Option<i64>,
    /// When the invoice was marked uncollectible.
    pub marked_uncollectible_at: Option<i64>,
    /// When the invoice was paid.
    pub paid_at: Option<i64>,
    /// When the invoice was voided.
    pub voided_at: Option<i64>,
}

/// An amount taken off by one discount (`discount_amounts`, `total_discount_amounts`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct DiscountAmount {
    /// The amount, in the smallest currency unit.
    pub amount: i64,
    /// The discount (`di_…`) that gave it.
    pub discount: Expandable<Value>,
}

/// Tax charged at one rate (`tax_amounts`, `total_tax_amounts`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct TaxAmount {
    /// The tax, in the smallest currency unit.
    pub amount: i64,
    /// Whether the tax is included in the line's amount.
    #[serde(default)]
    pub inclusive: bool,
    /// The tax rate (`txr_…`).
    pub tax_rate: Expandable<Value>,
    /// Why the tax was or wasn't charged, e.g. `standard_rated`.
    pub taxability_reason: Option<String>,
    /// The amount the tax was computed on.
    pub taxable_amount: Option<i64>,
}

/// A Stripe invoice (`object: "invoice"`), as in `invoice.*` events.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Invoice {
    /// `in_…`.
    pub id: String,
    /// Always `invoice`.
    pub object: String,
    /// Country of the business the invoice is from.
    pub account_country: Option<String>,
    /// Public name of the business the invoice is from.
    pub account_name: Option<String>,
    /// Final amount due now, in the smallest currency unit.
    pub amount_due: i64,
    /// Amount paid so far. (Never `null` on the wire; an `Option` for compatibility.)
    pub amount_paid: Option<i64>,
    /// Amount still to pay.
    pub amount_remaining: i64,
    /// Shipping amount included in the total.
    pub amount_shipping: Option<i64>,
    /// The Connect application that created the invoice.
    pub application: Option<Expandable<Value>>,
    /// Application fee requested, for Connect invoices.
    pub application_fee_amount: Option<i64>,
    /// How many payment attempts have been made.
    pub attempt_count: Option<u32>,
    /// Whether a payment attempt has been made.
    #[serde(default)]
    pub attempted: bool,
    /// Whether Stripe will finalize and attempt payment automatically.
    pub auto_advance: Option<bool>,
    /// Automatic tax settings and status.
    pub automatic_tax: Option<Value>,
    /// Why the invoice was created.
    pub billing_reason: Option<BillingReason>,
    /// The latest charge for the invoice (removed in `2025-03-31.basil`).
    pub charge: Option<Expandable<Charge>>,
    /// How the invoice is collected.
    pub collection_method: Option<CollectionMethod>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Three-letter ISO currency code, lowercase.
    pub currency: String,
    /// The customer (`cus_…`).
    pub customer: Option<Expandable<Customer>>,
    /// The customer's address, as of finalization.
    pub customer_address: Option<Address>,
    /// The customer's email, as of finalization.
    pub customer_email: Option<String>,
    /// The customer's name, as of finalization.
    pub customer_name: Option<String>,
    /// The customer's phone, as of finalization.
    pub customer_phone: Option<String>,
    /// The customer's shipping details, as of finalization.
    pub customer_shipping: Option<Shipping>,
    /// The customer's tax exemption, as of finalization.
    pub customer_tax_exempt: Option<TaxExempt>,
    /// The default payment method for the invoice.
    pub default_payment_method: Option<Expandable<Value>>,
    /// An arbitrary description, shown as the memo.
    pub description: Option<String>,
    /// The discounts applied (`di_…`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub discounts: Vec<Expandable<Value>>,
    /// When payment is due, for `send_invoice` invoices.
    pub due_date: Option<i64>,
    /// When the invoice took effect (finalization, or a date set by hand).
    pub effective_at: Option<i64>,
    /// Customer balance after the invoice was finalized.
    pub ending_balance: Option<i64>,
    /// Footer shown on the invoice.
    pub footer: Option<String>,
    /// The hosted page where the customer can pay.
    pub hosted_invoice_url: Option<String>,
    /// The PDF of the invoice.
    pub invoice_pdf: Option<String>,
    /// The error that stopped the last finalization, if any.
    pub last_finalization_error: Option<Value>,
    /// The line items (the first page; `has_more` says whether there are others).
    #[serde(default)]
    pub lines: List<InvoiceLineItem>,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// When the next payment attempt will be made.
    pub next_payment_attempt: Option<i64>,
    /// The invoice number shown to the customer, set on finalization.
    pub number: Option<String>,
    /// The Connect account the invoice is for.
    pub on_behalf_of: Option<Expandable<Value>>,
    /// Whether the invoice is paid (removed in `2025-03-31.basil`; use `status`).
    pub paid: Option<bool>,
    /// Whether the invoice was paid outside Stripe.
    pub paid_out_of_band: Option<bool>,
    /// What the invoice was created for, e.g. a subscription (`2025-03-31.basil` on).
    pub parent: Option<Value>,
    /// The payment intent for the invoice (removed in `2025-03-31.basil`).
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    /// Payment settings (methods, options).
    pub payment_settings: Option<Value>,
    /// End of the usage period, unix seconds.
    pub period_end: Option<i64>,
    /// Start of the usage period, unix seconds.
    pub period_start: Option<i64>,
    /// Number of the receipt sent for the invoice.
    pub receipt_number: Option<String>,
    /// Customer balance before the invoice was finalized.
    pub starting_balance: Option<i64>,
    /// Statement descriptor for the charge.
    pub statement_descriptor: Option<String>,
    /// The invoice's status (`null` for a few legacy invoices).
    pub status: Option<InvoiceStatus>,
    /// When the status changed.
    pub status_transitions: Option<StatusTransitions>,
    /// The subscription, for subscription invoices (moved to `parent` in
    /// `2025-03-31.basil`).
    pub subscription: Option<Expandable<Subscription>>,
    /// Total before discounts and exclusive tax.
    pub subtotal: Option<i64>,
    /// Subtotal without any tax.
    pub subtotal_excluding_tax: Option<i64>,
    /// Tax total (removed in `2025-03-31.basil`).
    pub tax: Option<i64>,
    /// The test clock, in test mode.
    pub test_clock: Option<Expandable<Value>>,
    /// Total after discounts and taxes.
    pub total: Option<i64>,
    /// Discount per discount, over the whole invoice.
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_discount_amounts: Vec<DiscountAmount>,
    /// Total without any tax.
    pub total_excluding_tax: Option<i64>,
    /// Tax per rate, over the whole invoice (`total_taxes` from `2025-03-31.basil`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub total_tax_amounts: Vec<TaxAmount>,
    /// When `invoice.created` was delivered to every endpoint, or gave up.
    pub webhooks_delivered_at: Option<i64>,
}

/// One line of an invoice (`object: "line_item"`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct InvoiceLineItem {
    /// `il_…` (older lines may carry an `ii_…` or `sli_…` id).
    pub id: String,
    /// Always `line_item`.
    pub object: String,
    /// The line's amount, in the smallest currency unit.
    pub amount: i64,
    /// The line's amount without tax.
    pub amount_excluding_tax: Option<i64>,
    /// Three-letter ISO currency code, lowercase.
    pub currency: String,
    /// Description shown on the invoice.
    pub description: Option<String>,
    /// Discount per discount on this line.
    #[serde(default, deserialize_with = "null_as_default")]
    pub discount_amounts: Vec<DiscountAmount>,
    /// Whether discounts apply to the line.
    #[serde(default)]
    pub discountable: bool,
    /// Discounts on this line (`di_…`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub discounts: Vec<Expandable<Value>>,
    /// The invoice the line is on (newer versions only).
    pub invoice: Option<String>,
    /// The invoice item (`ii_…`), for `invoiceitem` lines (API versions before basil).
    pub invoice_item: Option<Expandable<Value>>,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// What created the line, e.g. a subscription item (`2025-03-31.basil` on).
    pub parent: Option<Value>,
    /// The billing period the line covers.
    pub period: Option<Period>,
    /// The price (removed in `2025-03-31.basil`; see `pricing`).
    pub price: Option<Price>,
    /// How the line was priced (`2025-03-31.basil` on).
    pub pricing: Option<Value>,
    /// Whether this is a proration.
    #[serde(default)]
    pub proration: bool,
    /// The quantity.
    pub quantity: Option<u64>,
    /// The subscription, for subscription lines.
    pub subscription: Option<Expandable<Subscription>>,
    /// The subscription item (`si_…`), for subscription lines.
    pub subscription_item: Option<Expandable<Value>>,
    /// Tax per rate on this line.
    #[serde(default, deserialize_with = "null_as_default")]
    pub tax_amounts: Vec<TaxAmount>,
    /// `subscription` or `invoiceitem` (removed in `2025-03-31.basil`).
    #[serde(rename = "type", default)]
    pub line_type: Option<String>,
    /// Unit amount without tax, as a decimal string.
    pub unit_amount_excluding_tax: Option<String>,
}
