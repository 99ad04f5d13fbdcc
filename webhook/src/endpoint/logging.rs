//! Step 4, with a file log (feature `file-log`): every request written as one line
//! before it is answered, accepted deliveries deduplicated in memory
//! ([`crate::file_log`]).
//!
//! Without the feature, [`FileLogger`] is an empty enum: an endpoint's
//! `Option<Arc<FileLogger>>` is always `None` and every method is unreachable.

use std::time::SystemTime;

use axum::response::Response;
use bytes::Bytes;
use http::request::Parts;

use super::open::{finish_envelope, Refusal};
use super::run::answer_accepted;
use super::Endpoint;
use crate::delivery::delivery_key;
use crate::provider::Provider;
use crate::response::Reply;

#[cfg(feature = "file-log")]
pub(crate) use crate::file_log::{Entry, Logger as FileLogger};
#[cfg(not(feature = "file-log"))]
pub(crate) use disabled::{Entry, FileLogger};

/// The statuses a line can have (the names are [`crate::file_log`]'s constants).
mod status {
    pub(super) const SUCCEEDED: &str = "succeeded";
    pub(super) const FAILED: &str = "failed";
    pub(super) const REJECTED: &str = "rejected";
    pub(super) const DUPLICATE: &str = "duplicate";
}

impl<P: Provider, S: Clone + Send + Sync + 'static> Endpoint<P, S> {
    /// With a file log: open, dedupe, run, and write the line before answering.
    pub(super) async fn receive_logged(
        &self,
        log: &FileLogger,
        state: &S,
        parts: &Parts,
        body: &Bytes,
        received_at: SystemTime,
    ) -> Response {
        let received = |body: &Bytes| (parts, body.clone(), received_at);
        let (envelope, secret_index) = match self.open(parts, body, received_at) {
            Ok(opened) => opened,
            Err(Refusal::Answer(response)) => return *response,
            Err(Refusal::Reject(reply)) => return self.reject(received(body), reply).await,
        };
        let context = self.context(parts, body, &envelope, received_at, secret_index);
        if let Err(reply) = finish_envelope(&context) {
            return self.reject(received(body), reply).await;
        }
        let event = context.event_name();
        let delivery_id = context.delivery_id();
        let key = delivery_key(delivery_id, body);
        let (reply, status) = if log.claim(&key) {
            let reply = self.run_delivery(&context, state).await;
            if reply.failure().is_some() {
                log.release(&key);
                (reply, status::FAILED)
            } else {
                (reply, status::SUCCEEDED)
            }
        } else {
            let reply = Reply::Duplicate {
                status: status::SUCCEEDED,
            };
            (reply, status::DUPLICATE)
        };
        let entry = Entry {
            provider: P::NAME,
            endpoint: &self.name,
            headers: &parts.headers,
            body,
            received_at,
            event: Some(event),
            delivery_id,
            status,
            reason: reply.failure(),
        };
        if let Err(error) = log.write(entry).await {
            tracing::error!(%error, "could not write to the file log; answering 503 so the provider retries");
            return answer_accepted::<P>(Reply::StoreUnavailable, None);
        }
        answer_accepted::<P>(reply, P::success_body(&envelope))
    }
}

/// Writes a refused request's line; a failure is logged, not answered: the request is
/// refused either way.
pub(super) async fn log_rejected(
    log: &FileLogger,
    provider: &'static str,
    endpoint: &str,
    (parts, body, received_at): (&Parts, &Bytes, SystemTime),
    reason: String,
) {
    let entry = Entry {
        provider,
        endpoint,
        headers: &parts.headers,
        body,
        received_at,
        event: None,
        delivery_id: None,
        status: status::REJECTED,
        reason: Some(reason),
    };
    if let Err(error) = log.write(entry).await {
        tracing::error!(%error, "could not write a rejected request to the file log");
    }
}

#[cfg(not(feature = "file-log"))]
mod disabled {
    use std::time::SystemTime;

    use bytes::Bytes;
    use http::HeaderMap;

    /// Uninhabited without the `file-log` feature.
    #[derive(Debug)]
    pub(crate) enum FileLogger {}

    /// What a line would hold.
    #[allow(dead_code)]
    pub(crate) struct Entry<'a> {
        pub(crate) provider: &'static str,
        pub(crate) endpoint: &'a str,
        pub(crate) headers: &'a HeaderMap,
        pub(crate) body: &'a Bytes,
        pub(crate) received_at: SystemTime,
        pub(crate) event: Option<&'a str>,
        pub(crate) delivery_id: Option<&'a str>,
        pub(crate) status: &'static str,
        pub(crate) reason: Option<String>,
    }

    impl FileLogger {
        pub(crate) fn claim(&self, _: &str) -> bool {
            match *self {}
        }

        pub(crate) fn release(&self, _: &str) {
            match *self {}
        }

        pub(crate) async fn write(&self, _: Entry<'_>) -> std::io::Result<i64> {
            match *self {}
        }
    }
}

#[cfg(all(test, feature = "file-log"))]
mod tests {
    /// The names written here are the ones `webhook::file_log` documents.
    #[test]
    fn statuses_match_the_public_names() {
        use crate::file_log;
        assert_eq!(super::status::SUCCEEDED, file_log::SUCCEEDED);
        assert_eq!(super::status::FAILED, file_log::FAILED);
        assert_eq!(super::status::REJECTED, file_log::REJECTED);
        assert_eq!(super::status::DUPLICATE, file_log::DUPLICATE);
    }
}
