//! Shopify's envelope: everything but the payload is in headers, written
//! `X-Shopify-*` on webhook deliveries and `shopify-*` on Events deliveries.

use http::HeaderName;

use super::Shopify;
use crate::delivery::DeliveryContext;
use crate::handler::{ArgError, HandlerArg};
use crate::provider::{EnvelopeError, RawRequest};

/// What the runtime reads of a Shopify delivery before dispatch, borrowed from the
/// request.
#[derive(Debug)]
pub struct Envelope<'a> {
    /// `X-Shopify-Topic`, e.g. `orders/create`.
    pub topic: &'a str,
    /// `X-Shopify-Shop-Domain`, e.g. `example.myshopify.com`.
    pub shop_domain: Option<&'a str>,
    /// `X-Shopify-API-Version`, e.g. `2025-01`.
    pub api_version: Option<&'a str>,
    /// `X-Shopify-Webhook-Id`, unique per delivery and kept by retries: the delivery id.
    pub webhook_id: Option<&'a str>,
    /// `X-Shopify-Triggered-At` (ISO 8601), informational: it is not signed.
    pub triggered_at: Option<&'a str>,
    /// `X-Shopify-Event-Id`, the same on every webhook one event caused.
    pub event_id: Option<&'a str>,
    /// The whole body, which is the payload.
    pub body: &'a [u8],
}

/// One header in its webhook form (`x-shopify-topic`) and its Events form
/// (`shopify-topic`), as constants: a name built per request would cost an allocation
/// and a parse for each of the twelve lookups.
struct Names {
    webhook: HeaderName,
    events: HeaderName,
}

const fn names(webhook: &'static str, events: &'static str) -> Names {
    Names {
        webhook: HeaderName::from_static(webhook),
        events: HeaderName::from_static(events),
    }
}

const TOPIC: Names = names("x-shopify-topic", "shopify-topic");
const SHOP_DOMAIN: Names = names("x-shopify-shop-domain", "shopify-shop-domain");
const API_VERSION: Names = names("x-shopify-api-version", "shopify-api-version");
const WEBHOOK_ID: Names = names("x-shopify-webhook-id", "shopify-webhook-id");
const TRIGGERED_AT: Names = names("x-shopify-triggered-at", "shopify-triggered-at");
const EVENT_ID: Names = names("x-shopify-event-id", "shopify-event-id");

/// A header in its webhook form or, failing that, its Events form.
fn header<'a>(request: &RawRequest<'a>, names: &Names) -> Option<&'a str> {
    request
        .header(&names.webhook)
        .or_else(|| request.header(&names.events))
        .filter(|value| !value.is_empty())
}

pub(super) fn parse<'a>(request: &RawRequest<'a>) -> Result<Envelope<'a>, EnvelopeError> {
    let topic = header(request, &TOPIC)
        .ok_or_else(|| EnvelopeError("missing `X-Shopify-Topic` header".to_owned()))?;
    Ok(Envelope {
        topic,
        shop_domain: header(request, &SHOP_DOMAIN),
        api_version: header(request, &API_VERSION),
        webhook_id: header(request, &WEBHOOK_ID),
        triggered_at: header(request, &TRIGGERED_AT),
        event_id: header(request, &EVENT_ID),
        body: request.body,
    })
}

/// A Shopify delivery whose body is a `T`: take it as a handler parameter.
///
/// `T` is a type of your own (an order, a product, …) or `serde_json::Value`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The topic, e.g. `orders/create`.
    pub topic: String,
    /// The shop, e.g. `example.myshopify.com`.
    pub shop_domain: Option<String>,
    /// The Admin API version the payload is rendered in, e.g. `2025-01`.
    pub api_version: Option<String>,
    /// `X-Shopify-Webhook-Id`.
    pub webhook_id: Option<String>,
    /// `X-Shopify-Triggered-At`, as sent (ISO 8601; not signed).
    pub triggered_at: Option<String>,
    /// `X-Shopify-Event-Id`.
    pub event_id: Option<String>,
    /// The body.
    pub payload: T,
}

impl<T: serde::de::DeserializeOwned> HandlerArg<Shopify> for Event<T> {
    fn from_delivery(context: &DeliveryContext<'_, '_, Shopify>) -> Result<Self, ArgError> {
        let Envelope {
            topic,
            shop_domain,
            api_version,
            webhook_id,
            triggered_at,
            event_id,
            body,
        } = context.envelope();
        let payload = serde_json::from_slice(body).map_err(|e| ArgError::deserialize::<T>(&e))?;
        let owned = |value: &Option<&str>| value.map(str::to_owned);
        Ok(Event {
            topic: (*topic).to_owned(),
            shop_domain: owned(shop_domain),
            api_version: owned(api_version),
            webhook_id: owned(webhook_id),
            triggered_at: owned(triggered_at),
            event_id: owned(event_id),
            payload,
        })
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderValue, Uri};

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn reads_both_header_forms() {
        let uri = Uri::from_static("/webhooks/shopify");
        let webhook = headers(&[
            ("x-shopify-topic", "orders/create"),
            ("x-shopify-shop-domain", "shop.myshopify.com"),
            ("x-shopify-webhook-id", "b54557e4"),
        ]);
        let request = RawRequest {
            headers: &webhook,
            uri: &uri,
            body: b"{}",
        };
        let envelope = parse(&request).unwrap();
        assert_eq!(envelope.topic, "orders/create");
        assert_eq!(envelope.shop_domain, Some("shop.myshopify.com"));
        assert_eq!(envelope.webhook_id, Some("b54557e4"));
        assert_eq!(envelope.api_version, None);

        let events = headers(&[
            ("shopify-topic", "products/update"),
            ("shopify-api-version", "unstable"),
        ]);
        let request = RawRequest {
            headers: &events,
            uri: &uri,
            body: b"{}",
        };
        let envelope = parse(&request).unwrap();
        assert_eq!(envelope.topic, "products/update");
        assert_eq!(envelope.api_version, Some("unstable"));

        let none = headers(&[("x-shopify-topic", "")]);
        let request = RawRequest {
            headers: &none,
            uri: &uri,
            body: b"{}",
        };
        assert!(parse(&request).is_err());
    }
}
