//! The ready-made payload types against realistic fixtures: every fixture under
//! `tests/fixtures/{stripe,github}` parses into its type, the values land in the
//! right fields, re-serializing round-trips, and unknown values never fail a parse.
#![cfg(all(feature = "stripe", feature = "github"))]

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use webhook::github::{
    CheckRunEvent, InstallationEvent, IssueCommentEvent, IssuesEvent, PingEvent, PullRequestEvent,
    PushEvent, ReleaseEvent, Timestamp, WorkflowRunEvent,
};
use webhook::stripe::{
    BillingReason, Charge, ChargeStatus, CheckoutMode, CheckoutPaymentStatus, CheckoutSession,
    CheckoutSessionStatus, CollectionMethod, Customer, Dispute, DisputeReason, DisputeStatus,
    Expandable, Invoice, InvoiceStatus, PaymentIntent, PaymentIntentStatus, Price, PriceType,
    Product, RecurringInterval, Refund, RefundReason, RefundStatus, Subscription,
    SubscriptionStatus, TaxExempt,
};

fn fixture(path: &str) -> Value {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    let text = std::fs::read_to_string(&full)
        .unwrap_or_else(|error| panic!("reading {}: {error}", full.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path} is not JSON: {error}"))
}

/// Deserializes `value` into `T`, failing with the path of the bad field.
fn parse<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    what: &str,
    value: Value,
) -> T {
    let parsed: T = serde_json::from_value(value)
        .unwrap_or_else(|error| panic!("{what} does not parse: {error}"));
    // What we write back parses to the same value (unknown fields aside, nothing is lost).
    let again: T = serde_json::from_value(serde_json::to_value(&parsed).unwrap())
        .unwrap_or_else(|error| panic!("{what} does not round-trip: {error}"));
    assert_eq!(parsed, again, "{what} round-trip");
    parsed
}

/// A Stripe fixture's `data.object` as `T`, after checking the envelope.
fn stripe<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(name: &str) -> T {
    let event = fixture(&format!("stripe/{name}.json"));
    assert_eq!(event["object"], "event", "{name}");
    assert_eq!(event["type"], name, "{name}: file named after its type");
    assert!(event["id"].as_str().unwrap().starts_with("evt_"), "{name}");
    parse(name, event["data"]["object"].clone())
}

/// A GitHub fixture's whole body as `T`.
fn github<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(name: &str) -> T {
    parse(name, fixture(&format!("github/{name}.json")))
}

// ------------------------------------------------------------------------- Stripe

#[test]
fn stripe_invoice_paid() {
    let invoice: Invoice = stripe("invoice.paid");
    assert_eq!(invoice.id, "in_1PqR7sLkdIwHu7ixYb2a9QwE");
    assert_eq!(invoice.object, "invoice");
    assert_eq!(invoice.amount_due, 6000);
    assert_eq!(invoice.amount_paid, Some(6000));
    assert_eq!(invoice.amount_remaining, 0);
    assert_eq!(invoice.currency, "usd");
    assert_eq!(invoice.status, Some(InvoiceStatus::Paid));
    assert_eq!(
        invoice.billing_reason,
        Some(BillingReason::SubscriptionCycle)
    );
    assert_eq!(
        invoice.collection_method,
        Some(CollectionMethod::ChargeAutomatically)
    );
    assert_eq!(invoice.customer_tax_exempt, Some(TaxExempt::None));
    assert_eq!(
        invoice.customer.as_ref().and_then(Expandable::as_id),
        Some("cus_QhT3kY8sWn2PqR")
    );
    assert_eq!(
        invoice.subscription.as_ref().and_then(Expandable::as_id),
        Some("sub_1PgKr0LkdIwHu7ixQ2nM5sXy")
    );
    assert_eq!(invoice.number.as_deref(), Some("ACME-0042"));
    assert_eq!(
        invoice.metadata.get("order_id").map(String::as_str),
        Some("6735")
    );
    assert_eq!(
        invoice
            .customer_address
            .as_ref()
            .unwrap()
            .postal_code
            .as_deref(),
        Some("94103")
    );
    assert_eq!(
        invoice.status_transitions.as_ref().unwrap().paid_at,
        Some(1_724_504_402)
    );
    assert_eq!(invoice.tax, None);
    assert!(!invoice.livemode && invoice.attempted);

    assert_eq!(invoice.lines.object, "list");
    assert!(!invoice.lines.has_more);
    assert_eq!(
        invoice.lines.url.as_deref(),
        Some("/v1/invoices/in_1PqR7sLkdIwHu7ixYb2a9QwE/lines")
    );
    assert_eq!(invoice.lines.data.len(), 1);
    let line = &invoice.lines.data[0];
    assert_eq!(line.amount, 6000);
    assert_eq!(line.quantity, Some(3));
    assert_eq!(line.line_type.as_deref(), Some("subscription"));
    assert_eq!(line.period.unwrap().end, 1_727_179_200);
    let price = line.price.as_ref().unwrap();
    assert_eq!(price.unit_amount, Some(2000));
    assert_eq!(
        price.recurring.as_ref().unwrap().interval,
        RecurringInterval::Month
    );
}

#[test]
fn stripe_customer_created() {
    let customer: Customer = stripe("customer.created");
    assert_eq!(customer.id, "cus_QhT3kY8sWn2PqR");
    assert_eq!(customer.email.as_deref(), Some("jenny.rosen@example.com"));
    assert_eq!(customer.name.as_deref(), Some("Jenny Rosen"));
    assert_eq!(customer.created, Some(1_721_836_700));
    assert_eq!(customer.currency, None);
    assert_eq!(
        customer.address.as_ref().unwrap().city.as_deref(),
        Some("San Francisco")
    );
    assert_eq!(customer.preferred_locales, ["en-US"]);
    assert_eq!(customer.metadata["user_id"], "4821");
    assert_eq!(customer.tax_exempt, Some(TaxExempt::None));
    assert!(!customer.is_deleted());
}

#[test]
fn stripe_subscription_created() {
    let subscription: Subscription = stripe("customer.subscription.created");
    assert_eq!(subscription.id, "sub_1PgKr0LkdIwHu7ixQ2nM5sXy");
    assert_eq!(subscription.status, SubscriptionStatus::Active);
    assert_eq!(subscription.customer.as_id(), Some("cus_QhT3kY8sWn2PqR"));
    assert_eq!(subscription.current_period_end, Some(1_724_500_800));
    assert!(!subscription.cancel_at_period_end);
    assert_eq!(subscription.metadata["workspace"], "acme-analytics");
    assert_eq!(subscription.items.total_count, Some(1));
    let item = &subscription.items.data[0];
    assert_eq!(item.id, "si_QXqAa1bC2dE3fG");
    assert_eq!(item.quantity, Some(3));
    assert_eq!(item.price.id, "price_1PgKq2LkdIwHu7ixT7yVb3Pz");
    assert_eq!(item.price.price_type, Some(PriceType::Recurring));
    assert_eq!(
        subscription
            .latest_invoice
            .as_ref()
            .and_then(Expandable::as_id),
        Some("in_1PgKr0LkdIwHu7ixb9Lx1YzA")
    );
}

#[test]
fn stripe_payment_intent_succeeded() {
    let intent: PaymentIntent = stripe("payment_intent.succeeded");
    assert_eq!(intent.id, "pi_3PrT2aLkdIwHu7ix0Hq7Xc4N");
    assert_eq!(intent.amount, 4999);
    assert_eq!(intent.amount_received, Some(4999));
    assert_eq!(intent.currency, "eur");
    assert_eq!(intent.status, PaymentIntentStatus::Succeeded);
    assert_eq!(intent.payment_method_types, ["card", "link"]);
    assert_eq!(
        intent.latest_charge.as_ref().and_then(Expandable::as_id),
        Some("ch_3PrT2aLkdIwHu7ix0cV2Bn8M")
    );
    assert_eq!(intent.invoice, None);
    assert_eq!(intent.metadata["order_id"], "1042");
}

#[test]
fn stripe_charge_succeeded() {
    let charge: Charge = stripe("charge.succeeded");
    assert_eq!(charge.id, "ch_3PrT2aLkdIwHu7ix0cV2Bn8M");
    assert_eq!(charge.amount, 4999);
    assert_eq!(charge.amount_refunded, Some(0));
    assert_eq!(charge.status, ChargeStatus::Succeeded);
    assert!(charge.paid && charge.captured && !charge.refunded);
    let outcome = charge.outcome.as_ref().unwrap();
    assert_eq!(outcome.risk_score, Some(32));
    assert_eq!(outcome.outcome_type.as_deref(), Some("authorized"));
    let billing = charge.billing_details.as_ref().unwrap();
    assert_eq!(
        billing.address.as_ref().unwrap().country.as_deref(),
        Some("DE")
    );
    assert_eq!(billing.address.as_ref().unwrap().state, None);
    let details = charge.payment_method_details.as_ref().unwrap();
    assert_eq!(details["card"]["last4"], "4242");
    assert_eq!(
        charge.payment_intent.as_ref().and_then(Expandable::as_id),
        Some("pi_3PrT2aLkdIwHu7ix0Hq7Xc4N")
    );
    assert_eq!(charge.refunds, None);
}

#[test]
fn stripe_checkout_session_completed() {
    let session: CheckoutSession = stripe("checkout.session.completed");
    assert_eq!(session.object, "checkout.session");
    assert_eq!(session.mode, CheckoutMode::Subscription);
    assert_eq!(session.status, Some(CheckoutSessionStatus::Complete));
    assert_eq!(session.payment_status, CheckoutPaymentStatus::Paid);
    assert_eq!(session.amount_total, Some(1800));
    assert_eq!(
        session.client_reference_id.as_deref(),
        Some("workspace_8812")
    );
    assert_eq!(session.total_details.as_ref().unwrap().amount_discount, 200);
    let details = session.customer_details.as_ref().unwrap();
    assert_eq!(details.email.as_deref(), Some("jenny.rosen@example.com"));
    assert_eq!(
        session.subscription.as_ref().and_then(Expandable::as_id),
        Some("sub_1PsA1bLkdIwHu7ixKk9Lm2Np")
    );
    assert_eq!(session.payment_intent, None);
    assert_eq!(session.metadata["plan"], "pro");
}

#[test]
fn stripe_price_created() {
    let price: Price = stripe("price.created");
    assert_eq!(price.id, "price_1PtB2cLkdIwHu7ixAnnual");
    assert_eq!(price.unit_amount, Some(20000));
    assert_eq!(price.lookup_key.as_deref(), Some("pro_yearly"));
    assert_eq!(price.price_type, Some(PriceType::Recurring));
    let recurring = price.recurring.as_ref().unwrap();
    assert_eq!(recurring.interval, RecurringInterval::Year);
    assert_eq!(recurring.interval_count, Some(1));
    assert_eq!(
        price.product.as_ref().and_then(Expandable::as_id),
        Some("prod_QXq9ZrT2bLkN4e")
    );
}

#[test]
fn stripe_product_created() {
    let product: Product = stripe("product.created");
    assert_eq!(product.id, "prod_QXq9ZrT2bLkN4e");
    assert_eq!(product.name.as_deref(), Some("Pro"));
    assert_eq!(product.active, Some(true));
    assert_eq!(product.unit_label.as_deref(), Some("seat"));
    assert_eq!(product.marketing_features.len(), 2);
    assert_eq!(
        product.marketing_features[1].name.as_deref(),
        Some("Priority support")
    );
    assert_eq!(
        product.default_price.as_ref().and_then(Expandable::as_id),
        Some("price_1PgKq2LkdIwHu7ixT7yVb3Pz")
    );
}

#[test]
fn stripe_refund_created() {
    let refund: Refund = stripe("refund.created");
    assert_eq!(refund.id, "re_3PrT2aLkdIwHu7ix0Vb6Nm1Q");
    assert_eq!(refund.amount, 1500);
    assert_eq!(refund.status, Some(RefundStatus::Succeeded));
    assert_eq!(refund.reason, Some(RefundReason::RequestedByCustomer));
    assert_eq!(
        refund.charge.as_ref().and_then(Expandable::as_id),
        Some("ch_3PrT2aLkdIwHu7ix0cV2Bn8M")
    );
    assert_eq!(refund.metadata["ticket"], "SUP-2291");
}

#[test]
fn stripe_dispute_created() {
    let dispute: Dispute = stripe("charge.dispute.created");
    assert_eq!(dispute.id, "dp_1PuC3dLkdIwHu7ixR4sT5uV6");
    assert_eq!(dispute.amount, 4999);
    assert_eq!(dispute.reason, DisputeReason::Fraudulent);
    assert_eq!(dispute.status, DisputeStatus::NeedsResponse);
    assert_eq!(dispute.charge.as_id(), Some("ch_3PrT2aLkdIwHu7ix0cV2Bn8M"));
    assert_eq!(
        dispute.evidence_details.as_ref().unwrap().due_by,
        Some(1_725_926_399)
    );
    assert_eq!(dispute.balance_transactions.len(), 1);
    assert_eq!(dispute.network_reason_code.as_deref(), Some("10.4"));
}

#[test]
fn stripe_unknown_values_and_expansions() {
    // A status this crate does not know is kept, and written back as it came.
    let mut object = fixture("stripe/customer.subscription.created.json")["data"]["object"].clone();
    object["status"] = json!("on_hold_2031");
    object["a_field_from_the_future"] = json!({"nested": [1, 2, 3]});
    object["metadata"] = Value::Null;
    object["customer"] = fixture("stripe/customer.created.json")["data"]["object"].clone();
    let subscription: Subscription = parse("changed subscription", object);
    assert_eq!(
        subscription.status,
        SubscriptionStatus::Other("on_hold_2031".to_owned())
    );
    assert_eq!(subscription.status.as_str(), "on_hold_2031");
    assert_eq!(
        serde_json::to_value(&subscription).unwrap()["status"],
        "on_hold_2031"
    );
    assert!(subscription.metadata.is_empty());
    let customer = subscription
        .customer
        .as_object()
        .expect("expanded customer");
    assert_eq!(customer.email.as_deref(), Some("jenny.rosen@example.com"));

    // Known values serialize to Stripe's spelling.
    assert_eq!(
        serde_json::to_value(InvoiceStatus::Uncollectible).unwrap(),
        "uncollectible"
    );
    assert_eq!(
        BillingReason::from("manual".to_owned()),
        BillingReason::Manual
    );

    // The deleted form that `customer.deleted` carries.
    let deleted: Customer = parse(
        "deleted customer",
        json!({"id": "cus_QhT3kY8sWn2PqR", "object": "customer", "deleted": true}),
    );
    assert!(deleted.is_deleted());
    assert_eq!(deleted.email, None);
}

// ------------------------------------------------------------------------- GitHub

#[test]
fn github_ping() {
    let ping: PingEvent = github("ping");
    assert_eq!(ping.zen, "Design for failure.");
    assert_eq!(ping.hook_id, 498_312_087);
    assert_eq!(ping.hook.id, ping.hook_id);
    assert_eq!(ping.hook.hook_type.as_deref(), Some("Repository"));
    assert!(ping.hook.active);
    assert_eq!(
        ping.hook.events,
        ["issues", "pull_request", "push", "release"]
    );
    assert_eq!(ping.hook.config.content_type.as_deref(), Some("json"));
    assert_eq!(
        ping.repository.as_ref().unwrap().full_name,
        "octo-org/octo-tools"
    );
    assert_eq!(ping.sender.as_ref().unwrap().login, "monalisa");
}

#[test]
fn github_push() {
    let push: PushEvent = github("push");
    assert_eq!(push.git_ref, "refs/heads/main");
    assert_eq!(push.after, "7f0e2d4c6b8a0f2e4d6c8b0a2f4e6d8c0b2a4f6e");
    assert!(!push.created && !push.deleted && !push.forced);
    assert_eq!(push.commits.len(), 2);
    assert_eq!(push.commits[0].added, ["src/retry.rs"]);
    assert_eq!(push.commits[0].modified, ["src/worker.rs", "Cargo.toml"]);
    let head = push.head_commit.as_ref().unwrap();
    assert_eq!(head.id, push.after);
    assert!(head.message.starts_with("Document the retry budget"));
    assert_eq!(
        head.author.as_ref().unwrap().username.as_deref(),
        Some("monalisa")
    );
    assert_eq!(push.pusher.as_ref().unwrap().name, "monalisa");
    // A repository in a push payload has unix-second timestamps.
    let repository = push.repository.as_ref().unwrap();
    assert_eq!(repository.created_at, Some(Timestamp::Unix(1_455_036_911)));
    assert_eq!(
        repository.pushed_at.as_ref().and_then(Timestamp::as_unix),
        Some(1_725_095_312)
    );
    assert_eq!(repository.master_branch.as_deref(), Some("main"));
    assert_eq!(repository.owner.login, "octo-org");
    assert_eq!(push.organization.as_ref().unwrap().login, "octo-org");
    assert!(push.installation.is_none());
}

#[test]
fn github_pull_request_opened() {
    let event: PullRequestEvent = github("pull_request.opened");
    assert_eq!(event.action.as_deref(), Some("opened"));
    assert_eq!(event.number, 1347);
    let pr = &event.pull_request;
    assert_eq!(pr.number, event.number);
    assert_eq!(pr.state, "open");
    assert_eq!(pr.title, "Stream decompression in `octo fetch`");
    assert_eq!(pr.user.login, "octocat");
    assert!(!pr.draft);
    assert_eq!(pr.merged, Some(false));
    assert_eq!(pr.mergeable, None);
    assert_eq!(pr.additions, Some(312));
    assert_eq!(pr.labels[0].name, "enhancement");
    assert_eq!(pr.requested_reviewers[0].login, "hubot");
    assert_eq!(pr.head.git_ref, "stream-decompress");
    assert_eq!(pr.head.sha, "6dcb09b5b57875f334f61aebed695e2e4193db5e");
    assert!(pr.head.repo.as_ref().unwrap().fork);
    assert_eq!(pr.base.git_ref, "main");
    assert_eq!(
        pr.base.repo.as_ref().unwrap().allow_squash_merge,
        Some(true)
    );
    let repository = event.repository.as_ref().unwrap();
    assert_eq!(repository.full_name, "octo-org/octo-tools");
    assert_eq!(repository.default_branch.as_deref(), Some("main"));
    assert_eq!(
        repository.license.as_ref().unwrap().spdx_id.as_deref(),
        Some("Apache-2.0")
    );
    assert_eq!(
        repository
            .created_at
            .as_ref()
            .and_then(Timestamp::as_iso8601),
        Some("2016-02-09T16:55:11Z")
    );
    assert_eq!(repository.custom_properties["team"], "platform");
    // The short installation form: just id and node_id.
    let installation = event.installation.as_ref().unwrap();
    assert_eq!(installation.id, 52_814_377);
    assert!(installation.account.is_none() && installation.permissions.is_empty());
    assert_eq!(
        event.sender.as_ref().unwrap().user_type.as_deref(),
        Some("User")
    );
}

#[test]
fn github_issues_opened() {
    let event: IssuesEvent = github("issues.opened");
    assert_eq!(event.action.as_deref(), Some("opened"));
    let issue = &event.issue;
    assert_eq!(issue.number, 1352);
    assert_eq!(issue.state.as_deref(), Some("open"));
    assert_eq!(issue.user.as_ref().unwrap().login, "hubot");
    assert_eq!(issue.labels[0].name, "bug");
    assert_eq!(issue.labels[0].color.as_deref(), Some("d73a4a"));
    assert_eq!(issue.assignees[0].login, "monalisa");
    assert_eq!(issue.milestone.as_ref().unwrap().title, "v2.4");
    assert!(issue.pull_request.is_none());
    assert_eq!(issue.reactions.as_ref().unwrap().total_count, 0);
    assert_eq!(event.organization.as_ref().unwrap().id, 6_811_672);
}

#[test]
fn github_issue_comment_created() {
    let event: IssueCommentEvent = github("issue_comment.created");
    assert_eq!(event.action.as_deref(), Some("created"));
    assert_eq!(event.issue.comments, 1);
    assert_eq!(event.comment.id, 2_322_640_184);
    assert!(event.comment.body.starts_with("Reproduced on main."));
    assert_eq!(event.comment.author_association.as_deref(), Some("MEMBER"));
    let reactions = event.comment.reactions.as_ref().unwrap();
    assert_eq!(
        (reactions.plus_one, reactions.eyes, reactions.total_count),
        (2, 1, 3)
    );
}

#[test]
fn github_release_published() {
    let event: ReleaseEvent = github("release.published");
    assert_eq!(event.action.as_deref(), Some("published"));
    let release = &event.release;
    assert_eq!(release.tag_name, "v2.4.0");
    assert!(!release.draft && !release.prerelease);
    assert_eq!(
        release.author.as_ref().unwrap().user_type.as_deref(),
        Some("Bot")
    );
    assert_eq!(release.assets.len(), 1);
    assert_eq!(release.assets[0].size, 4_183_062);
    assert_eq!(
        release.assets[0].content_type.as_deref(),
        Some("application/gzip")
    );
    assert_eq!(release.reactions.as_ref().unwrap().hooray, 5);
}

#[test]
fn github_workflow_run_completed() {
    let event: WorkflowRunEvent = github("workflow_run.completed");
    assert_eq!(event.action.as_deref(), Some("completed"));
    let run = &event.workflow_run;
    assert_eq!(run.id, 10_658_129_481);
    assert_eq!(run.status.as_deref(), Some("completed"));
    assert_eq!(run.conclusion.as_deref(), Some("failure"));
    assert_eq!(run.event, "pull_request");
    assert_eq!(run.run_number, 4182);
    assert_eq!(run.head_branch.as_deref(), Some("stream-decompress"));
    assert_eq!(
        run.head_commit
            .as_ref()
            .unwrap()
            .author
            .as_ref()
            .unwrap()
            .name,
        "The Octocat"
    );
    assert_eq!(run.head_repository.as_ref().unwrap().owner.login, "octocat");
    assert_eq!(
        event.workflow.as_ref().unwrap().path.as_deref(),
        Some(".github/workflows/ci.yml")
    );
}

#[test]
fn github_check_run_completed() {
    let event: CheckRunEvent = github("check_run.completed");
    assert_eq!(event.action.as_deref(), Some("completed"));
    let run = &event.check_run;
    assert_eq!(run.name, "test (ubuntu-latest)");
    assert_eq!(run.status, "completed");
    assert_eq!(run.conclusion.as_deref(), Some("failure"));
    assert_eq!(run.output.annotations_count, 1);
    assert_eq!(
        run.app.as_ref().unwrap().slug.as_deref(),
        Some("github-actions")
    );
    assert_eq!(run.pull_requests[0].number, 1347);
    assert_eq!(run.pull_requests[0].head.git_ref, "stream-decompress");
    assert_eq!(run.check_suite.as_ref().unwrap().conclusion, None);
    assert!(event.requested_action.is_none());
}

#[test]
fn github_installation_created() {
    let event: InstallationEvent = github("installation.created");
    assert_eq!(event.action.as_deref(), Some("created"));
    let installation = &event.installation;
    assert_eq!(installation.id, 52_814_377);
    assert_eq!(installation.app_slug.as_deref(), Some("octo-deployer"));
    assert_eq!(
        installation.account.as_ref().unwrap().login.as_deref(),
        Some("octo-org")
    );
    assert_eq!(installation.permissions["issues"], "write");
    assert!(installation.events.contains(&"pull_request".to_owned()));
    assert!(matches!(
        installation.created_at,
        Some(Timestamp::Iso8601(_))
    ));
    let repositories = event.repositories.as_ref().unwrap();
    assert_eq!(repositories.len(), 2);
    assert!(repositories[1].private);
    assert_eq!(event.sender.as_ref().unwrap().login, "monalisa");
}

#[test]
fn github_tolerates_new_fields_and_values() {
    let mut body = fixture("github/pull_request.opened.json");
    body["action"] = json!("some_future_action");
    body["pull_request"]["state"] = json!("in_merge_queue");
    body["pull_request"]["new_feature"] = json!({"enabled": true});
    body["enterprise"] = json!({"id": 1, "slug": "octo-enterprise"});
    let event: PullRequestEvent = parse("changed pull request", body);
    assert_eq!(event.action.as_deref(), Some("some_future_action"));
    assert_eq!(event.pull_request.state, "in_merge_queue");
}
