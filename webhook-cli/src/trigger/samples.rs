//! One entry per built-in provider: a small sample body with the event filled in, and
//! the request signed exactly as the provider signs it, through the provider's own
//! `sign.rs` (`webhook::testing`). Adding a provider is one entry in [`SAMPLES`].
//!
//! The bodies follow each provider's published examples, cut down to the envelope its
//! verifier and dispatcher read plus a few realistic fields:
//! - Stripe: the Event object, <https://docs.stripe.com/api/events/object>
//! - GitHub: webhook payloads, <https://docs.github.com/en/webhooks/webhook-events-and-payloads>
//! - Shopify: <https://shopify.dev/docs/apps/build/webhooks/subscribe/https>
//! - GitLab: <https://docs.gitlab.com/user/project/integrations/webhook_events/>
//! - Slack Events API `event_callback`: <https://api.slack.com/apis/events-api#callback-field>
//! - Paddle Billing: <https://developer.paddle.com/webhooks/overview>
//! - Square: <https://developer.squareup.com/docs/webhooks/overview>
//! - Standard Webhooks: <https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md>
//! - Typeform: <https://www.typeform.com/developers/webhooks/example-payload/>
//! - Zoom: <https://developers.zoom.us/docs/api/webhooks/>
//! - Linear: <https://linear.app/developers/webhooks>
//! - Twitch EventSub: <https://dev.twitch.tv/docs/eventsub/handling-webhook-events/>
//! - Mailgun: <https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/>

use axum::body::Body;
use base64::Engine as _;
use http::Request;
use serde_json::json;
use webhook::testing;

/// What one trigger sends: where, with which secret, which event, and a fresh id.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The full URL given with `--to` (Square signs it).
    pub(crate) url: String,
    /// Its path and query, as the request line carries them.
    pub(crate) path: String,
    pub(crate) secret: String,
    pub(crate) event: String,
    /// Unique per trigger, so that a receiver's dedupe does not take a second trigger
    /// for a repeat of the first.
    pub(crate) id: String,
    /// Now, in Unix seconds.
    pub(crate) now: i64,
}

/// A built-in provider's sample.
#[derive(Debug)]
pub(crate) struct Sample {
    /// The provider's name, as in `provider = "…"`.
    pub(crate) provider: &'static str,
    /// The signed request for a target, or why the secret cannot sign it.
    pub(crate) build: fn(&Target) -> Result<Request<Body>, String>,
}

/// Every provider `webhook trigger` can send for.
pub(crate) static SAMPLES: &[Sample] = &[
    Sample {
        provider: "stripe",
        build: stripe,
    },
    Sample {
        provider: "github",
        build: github,
    },
    Sample {
        provider: "shopify",
        build: shopify,
    },
    Sample {
        provider: "gitlab",
        build: gitlab,
    },
    Sample {
        provider: "slack",
        build: slack,
    },
    Sample {
        provider: "paddle",
        build: paddle,
    },
    Sample {
        provider: "square",
        build: square,
    },
    Sample {
        provider: "standard_webhooks",
        build: standard_webhooks,
    },
    Sample {
        provider: "typeform",
        build: typeform,
    },
    Sample {
        provider: "zoom",
        build: zoom,
    },
    Sample {
        provider: "linear",
        build: linear,
    },
    Sample {
        provider: "twitch",
        build: twitch,
    },
    Sample {
        provider: "mailgun",
        build: mailgun,
    },
];

/// The sample of `provider`, if it has one.
pub(crate) fn sample(provider: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|sample| sample.provider == provider)
}

fn stripe(target: &Target) -> Result<Request<Body>, String> {
    // The object's type is the event's first part (`invoice.paid` → an invoice).
    let object = target.event.split('.').next().unwrap_or("object");
    let body = json!({
        "id": format!("evt_{}", target.id),
        "object": "event",
        "api_version": "2024-06-20",
        "created": target.now,
        "data": { "object": { "id": format!("{}_{}", &object[..object.len().min(3)], target.id), "object": object, "livemode": false } },
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": target.event,
    });
    Ok(testing::stripe_request(
        &target.path,
        &target.secret,
        body.to_string(),
    ))
}

fn github(target: &Target) -> Result<Request<Body>, String> {
    // `pull_request.opened`: the `X-GitHub-Event` header and the body's `action`.
    let (event, action) = match target.event.split_once('.') {
        Some((event, action)) => (event, Some(action)),
        None => (target.event.as_str(), None),
    };
    let mut body = json!({
        "repository": { "id": 1296269, "name": "Hello-World", "full_name": "octocat/Hello-World", "private": false },
        "sender": { "login": "octocat", "id": 1, "type": "User" },
    });
    if let Some(action) = action {
        body["action"] = json!(action);
    }
    if event == "push" {
        body["ref"] = json!("refs/heads/main");
        body["before"] = json!("0000000000000000000000000000000000000000");
        body["after"] = json!("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        body["commits"] = json!([]);
    }
    let mut request =
        testing::github_request(&target.path, &target.secret, event, body.to_string());
    // A fresh delivery id (GitHub signs the body only).
    if let Ok(id) = target.id.parse() {
        request.headers_mut().insert("x-github-delivery", id);
    }
    Ok(request)
}

fn shopify(target: &Target) -> Result<Request<Body>, String> {
    let body = json!({ "id": 820982911946154508_u64, "email": "jon@example.com", "created_at": "2026-01-01T12:00:00-05:00" });
    let mut request = testing::shopify::request(
        &target.path,
        &target.secret,
        &target.event,
        body.to_string(),
    );
    if let Ok(id) = target.id.parse() {
        request.headers_mut().insert("x-shopify-webhook-id", id);
    }
    Ok(request)
}

fn gitlab(target: &Target) -> Result<Request<Body>, String> {
    // `Merge Request Hook` → `merge_request`, the body's `object_kind`.
    let kind = target
        .event
        .trim_end_matches(" Hook")
        .to_ascii_lowercase()
        .replace(' ', "_");
    let body = json!({
        "object_kind": kind,
        "event_name": kind,
        "project": { "id": 15, "name": "Diaspora", "path_with_namespace": "mike/diaspora" },
        "user_username": "jsmith",
    })
    .to_string();
    let mut request = if target.secret.starts_with("whsec_") {
        testing::gitlab::signed_request(
            &target.path,
            &target.secret,
            &target.event,
            target.now,
            body,
        )
    } else {
        testing::gitlab::request(&target.path, &target.secret, &target.event, body)
    };
    if let Ok(id) = target.id.parse() {
        request.headers_mut().insert("x-gitlab-event-uuid", id);
    }
    Ok(request)
}

fn slack(target: &Target) -> Result<Request<Body>, String> {
    let body = json!({
        "token": "XXYYZZ",
        "team_id": "T123ABC456",
        "api_app_id": "A123ABC456",
        "event": { "type": target.event, "user": "U123ABC456", "text": "hello", "ts": "1355517523.000005", "channel": "C123ABC456", "event_ts": "1355517523.000005" },
        "type": "event_callback",
        "event_id": format!("Ev{}", target.id),
        "event_time": target.now,
    });
    Ok(testing::slack::request(
        &target.path,
        &target.secret,
        body.to_string(),
    ))
}

fn paddle(target: &Target) -> Result<Request<Body>, String> {
    let body = json!({
        "event_id": format!("evt_{}", target.id),
        "event_type": target.event,
        "occurred_at": "2026-01-01T12:00:00.000000Z",
        "notification_id": format!("ntf_{}", target.id),
        "data": { "id": "txn_01h04vsbhqc62t8hmd4z3b578c", "status": "completed" },
    });
    Ok(testing::paddle::request(
        &target.path,
        &target.secret,
        body.to_string(),
    ))
}

fn square(target: &Target) -> Result<Request<Body>, String> {
    let object = target.event.split('.').next().unwrap_or("object");
    let body = json!({
        "merchant_id": "6SSW7HV8K2ST5",
        "type": target.event,
        "event_id": target.id,
        "created_at": "2026-01-01T12:00:00.000Z",
        "data": { "type": object, "id": target.id, "object": { object: { "id": target.id } } },
    });
    Ok(testing::square::request(
        &target.path,
        &target.secret,
        &target.url,
        body.to_string(),
    ))
}

fn standard_webhooks(target: &Target) -> Result<Request<Body>, String> {
    let body = json!({
        "type": target.event,
        "timestamp": "2026-01-01T12:00:00.000Z",
        "data": { "id": target.id },
    })
    .to_string();
    // The signing function takes a `whsec_<base64>` secret, as the spec writes it.
    let decodes = target.secret.strip_prefix("whsec_").is_some_and(|key| {
        base64::engine::general_purpose::STANDARD
            .decode(key)
            .is_ok()
    });
    if !decodes {
        return Err("a Standard Webhooks secret is `whsec_` followed by base64".to_owned());
    }
    let id = format!("msg_{}", target.id);
    let signature =
        testing::standard_webhooks::signature(&target.secret, &id, target.now, body.as_bytes());
    Ok(testing::signed_request(
        &target.path,
        &[
            ("webhook-id", id),
            ("webhook-timestamp", target.now.to_string()),
            ("webhook-signature", signature),
        ],
        body.into(),
    ))
}

fn typeform(target: &Target) -> Result<Request<Body>, String> {
    let body = json!({
        "event_id": target.id,
        "event_type": target.event,
        "form_response": {
            "form_id": "lT4Z3j",
            "token": "a3a12ec67a1365927098a606107fac15",
            "submitted_at": "2026-01-01T12:00:00Z",
            "answers": [ { "type": "text", "text": "Lorem ipsum", "field": { "id": "JwWggjAKtOkA", "type": "short_text" } } ],
        },
    });
    Ok(testing::typeform::request(
        &target.path,
        &target.secret,
        body.to_string(),
    ))
}

fn zoom(target: &Target) -> Result<Request<Body>, String> {
    let body = json!({
        "event": target.event,
        "event_ts": target.now.saturating_mul(1000),
        "payload": { "account_id": "AAAAAABBBB", "object": { "id": target.id, "topic": "My Meeting" } },
    });
    Ok(testing::zoom::request(
        &target.path,
        &target.secret,
        body.to_string(),
    ))
}

fn linear(target: &Target) -> Result<Request<Body>, String> {
    let body = json!({
        "action": "create",
        "type": target.event,
        "createdAt": "2026-01-01T12:00:00.000Z",
        "url": "https://linear.app/company/issue/ENG-1",
        "webhookId": format!("wh_{}", target.id),
        "webhookTimestamp": target.now.saturating_mul(1000),
        "data": { "id": target.id, "title": "Sample" },
    });
    Ok(testing::linear::request(
        &target.path,
        &target.secret,
        body.to_string(),
    ))
}

fn twitch(target: &Target) -> Result<Request<Body>, String> {
    let body = json!({
        "subscription": {
            "id": format!("sub_{}", target.id),
            "type": target.event,
            "version": "1",
            "status": "enabled",
            "cost": 0,
            "condition": { "broadcaster_user_id": "1337" },
            "transport": { "method": "webhook", "callback": target.url },
            "created_at": "2026-01-01T12:00:00.123456789Z",
        },
        "event": { "broadcaster_user_id": "1337", "broadcaster_user_login": "cool_user" },
    })
    .to_string();
    let timestamp = testing::twitch::timestamp(std::time::SystemTime::now());
    let signature =
        testing::twitch::signature(&target.secret, &target.id, &timestamp, body.as_bytes());
    Ok(testing::signed_request(
        &target.path,
        &[
            ("twitch-eventsub-message-signature", signature),
            ("twitch-eventsub-message-id", target.id.clone()),
            ("twitch-eventsub-message-timestamp", timestamp),
            ("twitch-eventsub-message-type", "notification".to_owned()),
            ("twitch-eventsub-subscription-type", target.event.clone()),
            ("twitch-eventsub-subscription-version", "1".to_owned()),
        ],
        body.into(),
    ))
}

fn mailgun(target: &Target) -> Result<Request<Body>, String> {
    let event_data = json!({
        "event": target.event,
        "id": target.id,
        "timestamp": target.now,
        "recipient": "alice@example.com",
        "message": { "headers": { "message-id": "20130503182626.18666.16540@example.com" } },
    });
    Ok(testing::mailgun::request(
        &target.path,
        &target.secret,
        &event_data.to_string(),
    ))
}
