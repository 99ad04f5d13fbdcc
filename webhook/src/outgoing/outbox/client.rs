//! The sender's [`Client`] as the workers' [`Transport`]: each attempt signed with the
//! endpoint's live secrets and sent through the client's SSRF guard.

use std::future::Future;
use std::time::Instant;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};

use super::transport::{Attempt, AttemptRequest, Outcome, Transport};
use crate::outgoing::client::{self, Client, Message};
use crate::outgoing::sign::SigningKey;

impl Transport for Client {
    fn attempt(&self, request: AttemptRequest) -> impl Future<Output = Attempt> + Send {
        let client = self.clone();
        async move { send(&client, request).await }
    }
}

async fn send(client: &Client, request: AttemptRequest) -> Attempt {
    let started = Instant::now();
    let keys: Result<Vec<SigningKey>, _> = request.secrets.iter().map(|s| s.parse()).collect();
    let keys = match keys {
        Ok(keys) => keys,
        Err(error) => {
            // The error names the kind of key expected, never the key.
            let reason = format!("the endpoint's secret is not a signing key: {error}");
            return Attempt {
                outcome: Outcome::Refused {
                    reason: reason.clone(),
                },
                status: None,
                duration: started.elapsed(),
                response_body: Bytes::new(),
                error: Some(reason),
            };
        }
    };
    let mut headers = HeaderMap::new();
    for (name, value) in &request.headers {
        // Saved endpoints' headers were checked when saved; anything else is skipped.
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    let message = Message::new(
        &request.url,
        &request.message_id,
        request.timestamp,
        request.body.clone(),
        &keys,
    )
    .headers(&headers);
    let attempt = Client::attempt(client, &message).await;
    Attempt {
        outcome: match attempt.outcome {
            client::Outcome::Delivered => Outcome::Delivered,
            client::Outcome::Failed { retry_after } => Outcome::Failed { retry_after },
            client::Outcome::Gone => Outcome::Gone,
            client::Outcome::Refused { reason } => Outcome::Refused {
                reason: reason.to_string(),
            },
        },
        status: attempt.status,
        duration: attempt.duration,
        response_body: attempt.response_body,
        error: attempt.error,
    }
}
