//! The PaymentIntent and Charge objects (Stripe API reference: "The PaymentIntent
//! object", "The Charge object", API version 2024-06-20).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    null_as_default, BillingDetails, Customer, Expandable, Invoice, List, Metadata, Refund,
    Shipping,
};

string_enum! {
    /// A payment intent's `status`.
    PaymentIntentStatus {
        /// Needs a payment method (new, or the last attempt failed).
        RequiresPaymentMethod = "requires_payment_method",
        /// Needs to be confirmed.
        RequiresConfirmation = "requires_confirmation",
        /// Needs customer action, e.g. 3-D Secure.
        RequiresAction = "requires_action",
        /// Being processed.
        Processing = "processing",
        /// Authorized; needs to be captured.
        RequiresCapture = "requires_capture",
        /// Canceled.
        Canceled = "canceled",
        /// Succeeded.
        Succeeded = "succeeded",
    }
}

string_enum! {
    /// A charge's `status`.
    ChargeStatus {
        /// Succeeded.
        Succeeded = "succeeded",
        /// Pending (e.g. bank debits).
        Pending = "pending",
        /// Failed.
        Failed = "failed",
    }
}

/// A Stripe payment intent (`object: "payment_intent"`), as in `payment_intent.*` events.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PaymentIntent {
    /// `pi_…`.
    pub id: String,
    /// Always `payment_intent`.
    pub object: String,
    /// Amount intended to be collected, in the smallest currency unit.
    pub amount: i64,
    /// Amount that can be captured.
    pub amount_capturable: Option<i64>,
    /// Amount received.
    pub amount_received: Option<i64>,
    /// The Connect application that created it.
    pub application: Option<Expandable<Value>>,
    /// Application fee, for Connect payments.
    pub application_fee_amount: Option<i64>,
    /// Automatic payment methods settings.
    pub automatic_payment_methods: Option<Value>,
    /// When it was canceled, unix seconds.
    pub canceled_at: Option<i64>,
    /// Why it was canceled, e.g. `abandoned`.
    pub cancellation_reason: Option<String>,
    /// `automatic`, `automatic_async` or `manual`.
    pub capture_method: Option<String>,
    /// The client secret (only in some contexts; treat as sensitive).
    pub client_secret: Option<String>,
    /// `automatic` or `manual`.
    pub confirmation_method: Option<String>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Three-letter ISO currency code, lowercase.
    pub currency: String,
    /// The customer (`cus_…`).
    pub customer: Option<Expandable<Customer>>,
    /// An arbitrary description.
    pub description: Option<String>,
    /// The invoice that created it (removed in `2025-03-31.basil`).
    pub invoice: Option<Expandable<Invoice>>,
    /// The error from the last failed attempt.
    pub last_payment_error: Option<Value>,
    /// The latest charge (`ch_…` or `py_…`).
    pub latest_charge: Option<Expandable<Charge>>,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// What the customer must do next, when `requires_action`.
    pub next_action: Option<Value>,
    /// The Connect account the payment is made on behalf of.
    pub on_behalf_of: Option<Expandable<Value>>,
    /// The payment method (`pm_…`).
    pub payment_method: Option<Expandable<Value>>,
    /// Per-method options.
    pub payment_method_options: Option<Value>,
    /// The payment method types it may use, e.g. `card`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub payment_method_types: Vec<String>,
    /// Processing details, while `processing`.
    pub processing: Option<Value>,
    /// Where the receipt is emailed.
    pub receipt_email: Option<String>,
    /// The Radar review, if one was opened.
    pub review: Option<Expandable<Value>>,
    /// `on_session` or `off_session`, when saving the method for later.
    pub setup_future_usage: Option<String>,
    /// Shipping details.
    pub shipping: Option<Shipping>,
    /// Statement descriptor (non-card payments).
    pub statement_descriptor: Option<String>,
    /// Suffix appended to the account's card statement descriptor.
    pub statement_descriptor_suffix: Option<String>,
    /// The payment intent's status.
    pub status: PaymentIntentStatus,
    /// Where the funds go, for destination charges.
    pub transfer_data: Option<Value>,
    /// Groups transfers made with this payment.
    pub transfer_group: Option<String>,
}

/// How a charge was judged (`outcome`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ChargeOutcome {
    /// The network's verdict, e.g. `approved_by_network`.
    pub network_status: Option<String>,
    /// The reason for a block or decline, e.g. `highest_risk_level`.
    pub reason: Option<String>,
    /// Radar's risk level: `normal`, `elevated`, `highest`, …
    pub risk_level: Option<String>,
    /// Radar's risk score, 0–100.
    pub risk_score: Option<i64>,
    /// The Radar rule that matched.
    pub rule: Option<Expandable<Value>>,
    /// A description you can show the seller.
    pub seller_message: Option<String>,
    /// `authorized`, `manual_review`, `issuer_declined`, `blocked` or `invalid`.
    #[serde(rename = "type", default)]
    pub outcome_type: Option<String>,
}

/// A Stripe charge (`object: "charge"`), as in `charge.*` events.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Charge {
    /// `ch_…` (or `py_…` for some payment methods).
    pub id: String,
    /// Always `charge`.
    pub object: String,
    /// Amount intended to be collected, in the smallest currency unit.
    pub amount: i64,
    /// Amount captured.
    pub amount_captured: Option<i64>,
    /// Amount refunded (can be less than `amount` for partial refunds).
    pub amount_refunded: Option<i64>,
    /// The Connect application that created it.
    pub application: Option<Expandable<Value>>,
    /// The application fee (`fee_…`).
    pub application_fee: Option<Expandable<Value>>,
    /// Application fee amount.
    pub application_fee_amount: Option<i64>,
    /// The balance transaction (`txn_…`).
    pub balance_transaction: Option<Expandable<Value>>,
    /// Billing details of the payment method.
    pub billing_details: Option<BillingDetails>,
    /// The full statement descriptor shown to the customer.
    pub calculated_statement_descriptor: Option<String>,
    /// Whether the charge was captured.
    #[serde(default)]
    pub captured: bool,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Three-letter ISO currency code, lowercase.
    pub currency: String,
    /// The customer (`cus_…`).
    pub customer: Option<Expandable<Customer>>,
    /// An arbitrary description.
    pub description: Option<String>,
    /// Whether the charge was disputed.
    #[serde(default)]
    pub disputed: bool,
    /// The balance transaction that reversed the funds of a failed charge.
    pub failure_balance_transaction: Option<Expandable<Value>>,
    /// The failure code, e.g. `card_declined`.
    pub failure_code: Option<String>,
    /// A message explaining the failure.
    pub failure_message: Option<String>,
    /// Fraud assessments by you and Stripe.
    pub fraud_details: Option<Value>,
    /// The invoice the charge is for (removed in `2025-03-31.basil`).
    pub invoice: Option<Expandable<Invoice>>,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// The Connect account the charge was made on behalf of.
    pub on_behalf_of: Option<Expandable<Value>>,
    /// How the charge was judged.
    pub outcome: Option<ChargeOutcome>,
    /// Whether the charge succeeded or was authorized for later capture.
    #[serde(default)]
    pub paid: bool,
    /// The payment intent (`pi_…`).
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    /// The payment method id (`pm_…` or `card_…`).
    pub payment_method: Option<String>,
    /// Details of the payment method at the time of the charge (shape varies by type).
    pub payment_method_details: Option<Value>,
    /// Where the receipt was emailed.
    pub receipt_email: Option<String>,
    /// The receipt number.
    pub receipt_number: Option<String>,
    /// The URL of the receipt.
    pub receipt_url: Option<String>,
    /// Whether the charge was fully refunded.
    #[serde(default)]
    pub refunded: bool,
    /// The refunds (no longer included by default in recent API versions).
    pub refunds: Option<List<Refund>>,
    /// The Radar review, if one was opened.
    pub review: Option<Expandable<Value>>,
    /// Shipping details.
    pub shipping: Option<Shipping>,
    /// Statement descriptor (non-card payments).
    pub statement_descriptor: Option<String>,
    /// Suffix appended to the account's card statement descriptor.
    pub statement_descriptor_suffix: Option<String>,
    /// The charge's status.
    pub status: ChargeStatus,
    /// Where the funds go, for destination charges.
    pub transfer_data: Option<Value>,
    /// Groups transfers made with this charge.
    pub transfer_group: Option<String>,
}
