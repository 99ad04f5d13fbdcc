//! A provider whose scheme no `#[derive(Provider)]` template covers, implemented by hand.
//!
//! "Beacon" (a made-up sender) signs `{method} {path}\n{timestamp}\n{body}` — the
//! request line is part of the signed bytes — with HMAC-SHA256, and sends
//! `Beacon-Signature: ts=<unix seconds>;sig=<base64>`. Its event name is in the body's
//! `"event"` field, and its delivery id in `Beacon-Delivery`.
//!
//! ```sh
//! cargo run --example custom_provider
//! ```
//!
//! The program builds a router, then signs and sends itself one good and one tampered
//! delivery in-process, printing what the router answered.

use std::borrow::Cow;
use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use webhook::testing::{now, send, signed_request};
use webhook::{
    router, webhook, EnvelopeError, Payload, Provider, RawRequest, Verified, VerifyContext,
    VerifyError,
};

/// The Beacon provider: a zero-sized marker implementing [`Provider`].
struct Beacon;

/// What the runtime reads of a Beacon delivery, borrowed from the request.
struct BeaconEnvelope<'a> {
    event: Cow<'a, str>,
    delivery: Option<&'a str>,
    body: &'a [u8],
}

#[derive(serde::Deserialize)]
struct EventField<'a> {
    #[serde(borrow)]
    event: Cow<'a, str>,
}

impl Provider for Beacon {
    const NAME: &'static str = "beacon";
    const SECRET_ENV: &'static str = "BEACON_WEBHOOK_SECRET";
    const DEFAULT_TOLERANCE: Option<Duration> = Some(Duration::from_secs(120));

    type Envelope<'a> = BeaconEnvelope<'a>;

    fn verify(
        request: &RawRequest<'_>,
        context: &VerifyContext<'_>,
    ) -> Result<Verified, VerifyError> {
        const HEADER: &str = "Beacon-Signature";
        let value = request
            .header(HEADER)
            .ok_or(VerifyError::MissingHeader(HEADER))?;
        let mut timestamp = None;
        let mut signature = None;
        for item in value.split(';') {
            match item.trim().split_once('=') {
                Some(("ts", ts)) => timestamp = Some(ts),
                Some(("sig", sig)) => {
                    signature = base64::engine::general_purpose::STANDARD.decode(sig).ok()
                }
                _ => {}
            }
        }
        let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
            return Err(VerifyError::MalformedHeader(HEADER));
        };
        let seconds = timestamp
            .parse::<i64>()
            .map_err(|_| VerifyError::MalformedHeader(HEADER))?;
        let request_line = format!("POST {}\n{timestamp}\n", request.uri.path());
        for (secret_index, secret) in context.secrets.iter().enumerate() {
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose()).expect("any key length");
            mac.update(request_line.as_bytes());
            mac.update(request.body);
            // `verify_slice` compares in constant time.
            if mac.verify_slice(&signature).is_ok() {
                context.check_within(seconds)?;
                return Ok(Verified { secret_index });
            }
        }
        Err(VerifyError::Mismatch)
    }

    fn parse<'a>(request: &RawRequest<'a>) -> Result<BeaconEnvelope<'a>, EnvelopeError> {
        let EventField { event } =
            serde_json::from_slice(request.body).map_err(|e| EnvelopeError::json(&e))?;
        Ok(BeaconEnvelope {
            event,
            delivery: request.header("beacon-delivery"),
            body: request.body,
        })
    }

    fn event_name<'e>(envelope: &'e BeaconEnvelope<'_>) -> &'e str {
        &envelope.event
    }

    fn delivery_id<'e>(envelope: &'e BeaconEnvelope<'_>) -> Option<&'e str> {
        envelope.delivery
    }

    fn payload<'e>(envelope: &'e BeaconEnvelope<'_>) -> Payload<'e> {
        Payload::Json(envelope.body)
    }
}

#[derive(serde::Deserialize)]
struct Ping {
    message: String,
}

#[webhook(provider = Beacon, event = "ping")]
async fn ping(ping: Ping, delivery: webhook::Delivery) {
    println!("handled ping {:?}: {}", delivery.id, ping.message);
}

fn sign(secret: &str, path: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("POST {path}\n{timestamp}\n{body}").as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    format!("ts={timestamp};sig={signature}")
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), webhook::BuildError> {
    let app: axum::Router = router![ping]
        .secret("beacon", "beacon-secret")
        .into_router()?;
    let body = r#"{"event":"ping","message":"hello"}"#;
    let signature = sign("beacon-secret", "/webhooks/beacon", now(), body);
    let headers = [
        ("beacon-signature", signature.clone()),
        ("beacon-delivery", "bcn_1".to_owned()),
    ];

    let good = send(
        &app,
        signed_request("/webhooks/beacon", &headers, body.into()),
    )
    .await;
    println!("signed:   {} {}", good.status, good.text());
    let tampered = send(
        &app,
        signed_request(
            "/webhooks/beacon",
            &headers,
            body.replace("hello", "bye").into(),
        ),
    )
    .await;
    println!("tampered: {} {}", tampered.status, tampered.text());
    Ok(())
}
