//! Every envelope parser on arbitrary bodies (and an arbitrary event header): an
//! envelope or an error, never a panic.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use webhook::{github::GitHub, stripe::Stripe, Provider, RawRequest};

fuzz_target!(|data: &[u8]| {
    let (headers, body) = common::split(data);
    let uri = http::Uri::from_static("/webhooks/x");
    let request = RawRequest { headers: &headers, uri: &uri, body };
    if let Ok(envelope) = Stripe::parse(&request) {
        let _ = (Stripe::event_name(&envelope), Stripe::delivery_id(&envelope), Stripe::payload(&envelope));
    }
    if let Ok(envelope) = GitHub::parse(&request) {
        let _ = (GitHub::event_name(&envelope), GitHub::delivery_id(&envelope), GitHub::payload(&envelope));
    }
});
