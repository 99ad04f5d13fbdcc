//! The request's span: provider, endpoint, event, delivery id, status and duration,
//! closed by a `webhook delivery answered` event.

use std::future::Future;
use std::sync::Arc;
use std::time::SystemTime;

use axum::extract::Request;
use axum::response::Response;
use tracing::Instrument;

use super::Endpoint;
use crate::provider::Provider;

impl<P: Provider, S: Clone + Send + Sync + 'static> Endpoint<P, S> {
    /// Answers one request inside its span. The request is split before the future is
    /// built, so that the future holds its parts once, not the request beside them (axum
    /// boxes the future per request: its size is paid on every delivery).
    pub(crate) fn answer(
        self: Arc<Self>,
        state: S,
        request: Request,
    ) -> impl Future<Output = Response> + Send + 'static {
        let received_at = SystemTime::now();
        let (parts, body) = request.into_parts();
        async move {
            let span = tracing::info_span!(
                "webhook",
                provider = P::NAME,
                endpoint = %self.name,
                event = tracing::field::Empty,
                delivery_id = tracing::field::Empty,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            if span.is_disabled() {
                let response = self.receive(&state, &parts, body, received_at).await;
                self.answered_untraced(&response, received_at);
                return response;
            }
            let response = self
                .receive(&state, &parts, body, received_at)
                .instrument(span.clone())
                .await;
            span.record("status", response.status().as_u16());
            span.record("duration_ms", elapsed_ms(received_at));
            span.in_scope(|| tracing::info!("webhook delivery answered"));
            response
        }
    }

    /// Logs the answer of a request whose span no subscriber enabled. Such a span is
    /// neither entered on every poll nor recorded into, which would cost every request
    /// for nothing; the answer is still one event, with the span's fields known here,
    /// for a subscriber that enables events only or for tracing's `log` fallback.
    fn answered_untraced(&self, response: &Response, received_at: SystemTime) {
        tracing::info!(
            provider = P::NAME,
            endpoint = %self.name,
            status = response.status().as_u16(),
            duration_ms = elapsed_ms(received_at),
            "webhook delivery answered"
        );
    }
}

/// Milliseconds since `received_at`.
fn elapsed_ms(received_at: SystemTime) -> f64 {
    received_at.elapsed().unwrap_or_default().as_secs_f64() * 1000.0
}
