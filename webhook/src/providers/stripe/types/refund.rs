//! The Refund and Dispute objects (Stripe API reference: "The Refund object", "The
//! Dispute object", API version 2024-06-20).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{null_as_default, Charge, Expandable, Metadata, PaymentIntent};

string_enum! {
    /// A refund's `status`.
    RefundStatus {
        /// Being processed.
        Pending = "pending",
        /// Needs customer action (some payment methods).
        RequiresAction = "requires_action",
        /// Succeeded.
        Succeeded = "succeeded",
        /// Failed.
        Failed = "failed",
        /// Canceled.
        Canceled = "canceled",
    }
}

string_enum! {
    /// Why a refund was made (`reason`).
    RefundReason {
        /// A duplicate payment.
        Duplicate = "duplicate",
        /// A fraudulent payment.
        Fraudulent = "fraudulent",
        /// The customer asked for it.
        RequestedByCustomer = "requested_by_customer",
        /// An uncaptured charge expired.
        ExpiredUncapturedCharge = "expired_uncaptured_charge",
    }
}

string_enum! {
    /// A dispute's `status`.
    DisputeStatus {
        /// An inquiry that needs a response.
        WarningNeedsResponse = "warning_needs_response",
        /// An inquiry whose evidence is under review.
        WarningUnderReview = "warning_under_review",
        /// An inquiry that closed without becoming a dispute.
        WarningClosed = "warning_closed",
        /// Needs a response (evidence).
        NeedsResponse = "needs_response",
        /// Evidence submitted; under review.
        UnderReview = "under_review",
        /// Won.
        Won = "won",
        /// Lost.
        Lost = "lost",
    }
}

string_enum! {
    /// The reason a dispute was filed (`reason`).
    DisputeReason {
        /// The bank could not process the payment.
        BankCannotProcess = "bank_cannot_process",
        /// A check was returned.
        CheckReturned = "check_returned",
        /// A promised credit was not processed.
        CreditNotProcessed = "credit_not_processed",
        /// Initiated by the customer.
        CustomerInitiated = "customer_initiated",
        /// A debit was not authorized.
        DebitNotAuthorized = "debit_not_authorized",
        /// Charged twice.
        Duplicate = "duplicate",
        /// The cardholder did not authorize the payment.
        Fraudulent = "fraudulent",
        /// Any other reason.
        General = "general",
        /// Incorrect account details.
        IncorrectAccountDetails = "incorrect_account_details",
        /// Insufficient funds.
        InsufficientFunds = "insufficient_funds",
        /// The product was not received.
        ProductNotReceived = "product_not_received",
        /// The product was defective or not as described.
        ProductUnacceptable = "product_unacceptable",
        /// A canceled subscription was charged.
        SubscriptionCanceled = "subscription_canceled",
        /// The customer does not recognize the payment.
        Unrecognized = "unrecognized",
    }
}

/// A Stripe refund (`object: "refund"`), as in `refund.*` and `charge.refund.updated`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Refund {
    /// `re_…` (or `pyr_…`).
    pub id: String,
    /// Always `refund`.
    pub object: String,
    /// Amount refunded, in the smallest currency unit.
    pub amount: i64,
    /// The balance transaction (`txn_…`).
    pub balance_transaction: Option<Expandable<Value>>,
    /// The refunded charge (`ch_…`).
    pub charge: Option<Expandable<Charge>>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Three-letter ISO currency code, lowercase.
    pub currency: String,
    /// An arbitrary description (not available on every refund).
    pub description: Option<String>,
    /// Per-method details of the refund's destination.
    pub destination_details: Option<Value>,
    /// The balance transaction that reversed a failed refund.
    pub failure_balance_transaction: Option<Expandable<Value>>,
    /// Why the refund failed, e.g. `expired_or_canceled_card`.
    pub failure_reason: Option<String>,
    /// Email the refund instructions were sent to.
    pub instructions_email: Option<String>,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// What the customer must do next, when `requires_action`.
    pub next_action: Option<Value>,
    /// The refunded payment intent (`pi_…`).
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    /// Why the refund was made.
    pub reason: Option<RefundReason>,
    /// The receipt number.
    pub receipt_number: Option<String>,
    /// The transfer reversal made when refunding a destination charge.
    pub source_transfer_reversal: Option<Expandable<Value>>,
    /// The refund's status.
    pub status: Option<RefundStatus>,
    /// The transfer reversal, for Connect refunds with `reverse_transfer`.
    pub transfer_reversal: Option<Expandable<Value>>,
}

/// Deadlines and progress of a dispute's evidence (`evidence_details`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct EvidenceDetails {
    /// When evidence is due, unix seconds.
    pub due_by: Option<i64>,
    /// Whether evidence has been staged.
    #[serde(default)]
    pub has_evidence: bool,
    /// Whether the last evidence was submitted after the deadline.
    #[serde(default)]
    pub past_due: bool,
    /// How many times evidence has been submitted.
    #[serde(default)]
    pub submission_count: u32,
}

/// A Stripe dispute (`object: "dispute"`), as in `charge.dispute.*` events.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Dispute {
    /// `dp_…` (or `du_…`).
    pub id: String,
    /// Always `dispute`.
    pub object: String,
    /// Disputed amount, in the smallest currency unit.
    pub amount: i64,
    /// Balance transactions for the funds withdrawn and reinstated.
    #[serde(default, deserialize_with = "null_as_default")]
    pub balance_transactions: Vec<Value>,
    /// The disputed charge (`ch_…`).
    pub charge: Expandable<Charge>,
    /// Creation time, unix seconds.
    pub created: i64,
    /// Three-letter ISO currency code, lowercase.
    pub currency: String,
    /// The evidence staged or submitted (a map of evidence fields).
    pub evidence: Option<Value>,
    /// Evidence deadlines and progress.
    pub evidence_details: Option<EvidenceDetails>,
    /// Whether the charge can still be refunded (which would close the dispute).
    #[serde(default)]
    pub is_charge_refundable: bool,
    /// Live or test mode.
    #[serde(default)]
    pub livemode: bool,
    /// Your key-value data.
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: Metadata,
    /// The card network's reason code.
    pub network_reason_code: Option<String>,
    /// The disputed payment intent (`pi_…`).
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    /// Details of the disputed payment method.
    pub payment_method_details: Option<Value>,
    /// Why the dispute was filed.
    pub reason: DisputeReason,
    /// The dispute's status.
    pub status: DisputeStatus,
}
