//! `webhook send`: signs one Standard Webhooks message and delivers it through the same
//! client and SSRF guard the library's sender uses, printing every attempt.

mod args;

use std::io::Write;
use std::time::{Duration, SystemTime};

use http::HeaderMap;
use serde_json::value::RawValue;
use webhook::outgoing::sign::new_message_id;
use webhook::outgoing::{Attempt, Client, Guard, HeaderNames, Message, Outcome, Refused};

pub(crate) use args::SendArgs;

/// Waits before the 2nd, 3rd, … attempt: the Standard Webhooks specification's example
/// schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h).
const SCHEDULE: [Duration; 9] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(14 * 3600),
    Duration::from_secs(20 * 3600),
    Duration::from_secs(24 * 3600),
];

/// Why `webhook send` did not deliver.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SendError {
    /// A `--secret` is not a signing key.
    #[error("{0}")]
    Key(String),
    /// `--data` is not JSON.
    #[error("--data is not valid JSON ({0}): give a JSON value, like '{{\"id\":\"in_1\"}}'")]
    Data(serde_json::Error),
    /// The guard refused the URL or its addresses.
    #[error("not sent: {reason}{hint}")]
    Refused {
        /// Why.
        reason: Refused,
        /// How to let a local address through, when that is what was refused.
        hint: String,
    },
    /// The endpoint answered 410.
    #[error("not delivered: the endpoint answered 410 Gone (it asks not to be called again)")]
    Gone,
    /// Every attempt failed.
    #[error("not delivered after {0} attempt(s)")]
    Failed(u32),
    /// No message id could be made.
    #[error(transparent)]
    Sign(#[from] webhook::outgoing::SignError),
    /// The client could not be built.
    #[error(transparent)]
    Client(#[from] webhook::outgoing::ClientError),
}

/// Sends the message, printing each attempt to `out`.
pub(crate) async fn send(
    args: SendArgs,
    out: &mut impl Write,
) -> Result<(), crate::error::CliError> {
    let SendArgs {
        to,
        secrets,
        event_type,
        data,
        id,
        allow,
        attempts,
        timeout,
        headers,
        svix_headers,
    } = args;
    let secrets = args::signing_keys(&secrets).map_err(SendError::Key)?;
    let data: &RawValue = serde_json::from_str(&data).map_err(SendError::Data)?;
    let id = match id {
        Some(id) => id,
        None => new_message_id().map_err(SendError::from)?,
    };
    let guard = allow.into_iter().fold(Guard::new(), Guard::allow);
    let client = Client::builder()
        .guard(guard)
        .timeout(timeout)
        .build()
        .map_err(SendError::from)?;
    let custom: HeaderMap = headers.into_iter().collect();
    let names = if svix_headers {
        HeaderNames::Svix
    } else {
        HeaderNames::Standard
    };
    for number in 1..=attempts {
        let now = SystemTime::now();
        let body = body(&event_type, now, data);
        let message = Message::new(&to, &id, unix_seconds(now), body.into(), &secrets)
            .headers(&custom)
            .header_names(names);
        let attempt = client.attempt(&message).await;
        print_attempt(out, number, &attempt)?;
        let retry_after = match attempt.outcome {
            Outcome::Delivered => {
                writeln!(out, "delivered {id}")?;
                return Ok(());
            }
            Outcome::Gone => return Err(SendError::Gone.into()),
            Outcome::Refused { reason } => {
                let hint = allow_hint(&reason);
                return Err(SendError::Refused { reason, hint }.into());
            }
            Outcome::Failed { retry_after } => retry_after,
        };
        if number < attempts {
            let wait = retry_after.unwrap_or(SCHEDULE[(number - 1) as usize]);
            writeln!(out, "next attempt in {}", humantime::format_duration(wait))?;
            out.flush()?;
            tokio::time::sleep(wait).await;
        }
    }
    Err(SendError::Failed(attempts).into())
}

/// The Standard Webhooks payload convention: `type`, `timestamp` (RFC 3339), `data`.
fn body(event_type: &str, now: SystemTime, data: &RawValue) -> String {
    let event_type = serde_json::Value::from(event_type);
    let timestamp = humantime::format_rfc3339_seconds(now);
    format!(
        r#"{{"type":{event_type},"timestamp":"{timestamp}","data":{}}}"#,
        data.get()
    )
}

fn unix_seconds(time: SystemTime) -> i64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}

/// `attempt 1: 200 OK in <duration>`, the response's first bytes, and what went wrong.
fn print_attempt(out: &mut impl Write, number: u32, attempt: &Attempt) -> std::io::Result<()> {
    let Attempt {
        outcome,
        status,
        duration,
        response_body,
        error,
    } = attempt;
    let what = match (outcome, status) {
        (Outcome::Refused { .. }, _) => "refused".to_owned(),
        (_, Some(status)) => http::StatusCode::from_u16(*status)
            .map_or_else(|_| status.to_string(), |status| status.to_string()),
        (_, None) => "no response".to_owned(),
    };
    writeln!(
        out,
        "attempt {number}: {what} in {} ms",
        duration.as_millis()
    )?;
    if let Some(error) = error {
        writeln!(out, "  {error}")?;
    }
    if !response_body.is_empty() {
        const SHOWN: usize = 500;
        let text = String::from_utf8_lossy(&response_body[..response_body.len().min(SHOWN)]);
        let more = if response_body.len() > SHOWN {
            " …"
        } else {
            ""
        };
        writeln!(out, "  response: {}{more}", text.escape_debug())?;
    }
    Ok(())
}

/// For a refused local address, the `--allow` that would let it through.
fn allow_hint(reason: &Refused) -> String {
    let address = match reason {
        Refused::Address { address, .. } => Some(address.to_canonical().to_string()),
        Refused::NoPublicAddress { first, .. } => match first.as_ref() {
            Refused::Address { address, .. } => Some(address.to_canonical().to_string()),
            _ => None,
        },
        Refused::Localhost(_) => Some("127.0.0.1".to_owned()),
        _ => None,
    };
    address.map_or_else(String::new, |address| {
        format!("\n(to send to it on purpose, pass --allow {address})")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_follows_the_payload_convention() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let data: &RawValue = serde_json::from_str(r#"{"id":"in_1"}"#).unwrap();
        assert_eq!(
            body("invoice.\"paid\"", at, data),
            r#"{"type":"invoice.\"paid\"","timestamp":"2023-11-14T22:13:20Z","data":{"id":"in_1"}}"#
        );
    }
}
