//! Every signature-header parser and verifier on arbitrary header values and bodies:
//! they must return an error or a match, never panic.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use webhook::{github::GitHub, stripe::Stripe, Provider, RawRequest, Secret, VerifyContext};

fuzz_target!(|data: &[u8]| {
    let (mut headers, body) = common::split(data);
    let value = headers.get("x").cloned();
    if let Some(value) = value {
        // The same value under every header the verifiers read.
        for name in ["stripe-signature", "x-hub-signature-256"] {
            headers.insert(name, value.clone());
        }
    }
    let uri = http::Uri::from_static("/webhooks/x");
    let request = RawRequest { headers: &headers, uri: &uri, body };
    let secrets = [Secret::new("whsec_fuzz"), Secret::new("")];
    let context = VerifyContext {
        secrets: &secrets,
        tolerance: Some(std::time::Duration::from_secs(300)),
        now: std::time::SystemTime::now(),
        public_url: None,
    };
    let _ = Stripe::verify(&request, &context);
    let _ = GitHub::verify(&request, &context);
});
