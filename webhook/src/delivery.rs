//! What handlers can learn about the delivery itself, apart from its payload.

use std::time::SystemTime;

use bytes::Bytes;
use http::HeaderMap;

use crate::provider::Provider;

/// Metadata of one delivery: take it as a handler parameter.
///
/// ```
/// use webhook::{webhook, Delivery};
///
/// #[webhook(provider = "github", event = "push")]
/// async fn log_push(delivery: Delivery) {
///     println!("{} {:?} ({} bytes)", delivery.event, delivery.id, delivery.body.len());
/// }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Delivery {
    /// The provider's name (`stripe`, `github`).
    pub provider: &'static str,
    /// The endpoint the request arrived at: its name, which is the provider's name
    /// for the default endpoint (see [`Webhooks::endpoint`](crate::Webhooks::endpoint)).
    pub endpoint: String,
    /// The provider's delivery id (`evt_…`, the `X-GitHub-Delivery` GUID), if it sends one.
    pub id: Option<String>,
    /// The event name handlers were dispatched on.
    pub event: String,
    /// When the request was received.
    pub received_at: SystemTime,
    /// The request headers, as received.
    pub headers: HeaderMap,
    /// The raw body bytes, as received and verified.
    pub body: Bytes,
    /// Index of the configured secret that verified the signature (rotation: once no
    /// delivery matches an old secret, it can be removed).
    pub secret_index: usize,
}

/// Everything the runtime knows about a verified, parsed delivery, borrowed for the
/// time handler arguments are extracted (`'a`); the envelope borrows the body (`'b`).
pub struct DeliveryContext<'a, 'b, P: Provider> {
    pub(crate) endpoint: &'a str,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a Bytes,
    pub(crate) envelope: &'a P::Envelope<'b>,
    pub(crate) received_at: SystemTime,
    pub(crate) secret_index: usize,
}

impl<P: Provider> std::fmt::Debug for DeliveryContext<'_, '_, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeliveryContext")
            .field("provider", &P::NAME)
            .field("endpoint", &self.endpoint)
            .field("event", &self.event_name())
            .finish_non_exhaustive()
    }
}

impl<'a, 'b, P: Provider> DeliveryContext<'a, 'b, P> {
    /// The parsed envelope.
    pub fn envelope(&self) -> &'a P::Envelope<'b> {
        self.envelope
    }

    /// The request headers.
    pub fn headers(&self) -> &'a HeaderMap {
        self.headers
    }

    /// The event name handlers are dispatched on.
    pub fn event_name(&self) -> &'a str {
        P::event_name(self.envelope)
    }

    /// The provider's delivery id.
    pub fn delivery_id(&self) -> Option<&'a str> {
        P::delivery_id(self.envelope)
    }

    /// The same delivery seen through another envelope: one event of a request that
    /// carries several ([`Provider::split`]).
    pub(crate) fn with_envelope<'c>(
        &self,
        envelope: &'c P::Envelope<'b>,
    ) -> DeliveryContext<'c, 'b, P>
    where
        'a: 'c,
    {
        DeliveryContext {
            endpoint: self.endpoint,
            headers: self.headers,
            body: self.body,
            envelope,
            received_at: self.received_at,
            secret_index: self.secret_index,
        }
    }

    /// An owned copy of the metadata, for a [`Delivery`] parameter.
    pub fn to_delivery(&self) -> Delivery {
        Delivery {
            provider: P::NAME,
            endpoint: self.endpoint.to_owned(),
            id: self.delivery_id().map(str::to_owned),
            event: self.event_name().to_owned(),
            received_at: self.received_at,
            headers: self.headers.clone(),
            body: self.body.clone(),
            secret_index: self.secret_index,
        }
    }
}

/// The dedupe key of a delivery: the provider's delivery id when it sends one (and it
/// is not empty), else `sha256:<hex of the body>`, so a byte-identical resend of an
/// id-less delivery is still recognised. The store and the file log's in-memory
/// window both key on it.
#[cfg_attr(not(any(feature = "store", feature = "file-log")), allow(dead_code))]
// Public through `webhook::store`.
#[cfg_attr(not(feature = "store"), allow(unreachable_pub))]
pub fn delivery_key(delivery_id: Option<&str>, body: &[u8]) -> String {
    use sha2::Digest;
    match delivery_id {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => format!("sha256:{}", hex::encode(sha2::Sha256::digest(body))),
    }
}
