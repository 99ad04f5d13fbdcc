//! Step 2, opening: verify on the raw bytes, parse the envelope once (borrowing from
//! the body), answer a handshake; then the delivery's context for dispatch.

use std::time::SystemTime;

use axum::response::Response;
use bytes::Bytes;
use http::request::Parts;

use super::Endpoint;
use crate::delivery::DeliveryContext;
use crate::provider::{Provider, RawRequest};
use crate::response::Reply;
use crate::verify::VerifyContext;

/// A verified delivery's envelope, and which of the endpoint's secrets matched.
pub(super) type Opened<'a, P> = (<P as Provider>::Envelope<'a>, usize);

/// Why a request goes no further than its envelope.
pub(super) enum Refusal {
    /// Refused: logged (with a store) and answered with this.
    Reject(Reply),
    /// A handshake, answered (boxed: handshakes are rare, the `Result` stays small).
    Answer(Box<Response>),
}

impl<P: Provider, S> Endpoint<P, S> {
    /// Verifies on the raw bytes and parses the envelope once; a refusal is either a
    /// rejection or a handshake's answer.
    pub(super) fn open<'a>(
        &self,
        parts: &'a Parts,
        body: &'a Bytes,
        received_at: SystemTime,
    ) -> Result<Opened<'a, P>, Refusal> {
        let raw = RawRequest {
            headers: &parts.headers,
            uri: &parts.uri,
            body,
        };
        let verify = VerifyContext {
            secrets: &self.secrets,
            tolerance: self.tolerance,
            now: received_at,
            public_url: self.public_url.as_deref(),
        };
        let verified = P::verify(&raw, &verify)
            .map_err(|error| Refusal::Reject(Reply::InvalidSignature(error.to_string())))?;
        let envelope = P::parse(&raw)
            .map_err(|error| Refusal::Reject(Reply::InvalidPayload(error.to_string())))?;
        if let Some(response) = P::handshake(&envelope, &verified, &verify) {
            tracing::info!("handshake answered");
            return Err(Refusal::Answer(Box::new(response)));
        }
        Ok((envelope, verified.secret_index))
    }

    /// The dispatch context of an opened delivery, its event recorded in the request's
    /// span (the delivery id is recorded once the envelope is complete: see
    /// [`finish_envelope`]).
    pub(super) fn context<'a, 'b>(
        &'a self,
        parts: &'a Parts,
        body: &'a Bytes,
        envelope: &'a P::Envelope<'b>,
        received_at: SystemTime,
        secret_index: usize,
    ) -> DeliveryContext<'a, 'b, P> {
        let context = DeliveryContext {
            endpoint: &self.name,
            headers: &parts.headers,
            body,
            envelope,
            received_at,
            secret_index,
        };
        tracing::Span::current().record("event", context.event_name());
        context
    }
}

/// Completes the envelope ([`Provider::finish_parse`]), so that a malformed body is
/// refused (`400`) however the delivery is then handled, and records the delivery id in
/// the request's span. The id waits for this point because a provider may read it only
/// from a parse of the whole body (Slack's `event_id` follows its inner event), and
/// asking earlier would parse the body once more.
pub(super) fn finish_envelope<P: Provider>(
    context: &DeliveryContext<'_, '_, P>,
) -> Result<(), Reply> {
    if let Err(error) = P::finish_parse(context.envelope) {
        tracing::warn!(%error, "rejected: envelope");
        return Err(Reply::InvalidPayload(error.to_string()));
    }
    if let Some(id) = context.delivery_id() {
        tracing::Span::current().record("delivery_id", id);
    }
    Ok(())
}
