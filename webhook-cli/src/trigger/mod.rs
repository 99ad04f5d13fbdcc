//! `webhook trigger PROVIDER EVENT --to URL`: sends a sample delivery of that event,
//! signed as the provider signs it, and prints the answer, so a handler can be tried
//! without the provider's dashboard or a tunnel. The samples are in [`samples`].

mod samples;

use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use webhook_catalog::suggest::hint;
use webhook_catalog::{Builtin, BUILTIN_NAMES};

use crate::error::CliError;
use samples::{sample, Target, SAMPLES};

/// How long the receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(30);

/// What `trigger` was given.
#[derive(Debug, Clone)]
pub(crate) struct Trigger {
    pub(crate) provider: String,
    pub(crate) event: String,
    pub(crate) to: String,
    pub(crate) secret: Option<String>,
}

/// Sends the sample and prints the answer; an answer that is not 2xx is an error.
pub(crate) async fn run(
    trigger: Trigger,
    env: impl Fn(&str) -> Option<String>,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let Trigger {
        provider,
        event,
        to,
        secret,
    } = trigger;
    let provider = provider.replace('-', "_");
    let builtin = Builtin::by_name(&provider).ok_or_else(|| CliError::UnknownProvider {
        hint: hint(&provider, BUILTIN_NAMES.iter().copied()),
        provider: provider.clone(),
    })?;
    let sample = sample(builtin.name).ok_or_else(|| CliError::NoSample {
        provider: builtin.name,
        available: SAMPLES
            .iter()
            .map(|s| s.provider)
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    check_event(builtin, &event)?;
    let variable = secret_variable(builtin.name);
    let secret = secret
        .or_else(|| env(&variable))
        .filter(|secret| !secret.is_empty())
        .ok_or(CliError::NoTriggerSecret { variable })?;
    let url = reqwest::Url::parse(&to)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        .ok_or_else(|| CliError::BadTarget(to.clone()))?;
    let path = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let target = Target {
        url: to.clone(),
        path,
        secret,
        event: event.clone(),
        id: format!("{:x}{:05x}", now.as_micros(), std::process::id() & 0xfffff),
        now: i64::try_from(now.as_secs()).unwrap_or(i64::MAX),
    };
    let request = (sample.build)(&target).map_err(|reason| CliError::BadTriggerSecret {
        provider: builtin.name,
        reason,
    })?;
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|error| CliError::TriggerSend {
            url: to.clone(),
            error: error.to_string(),
        })?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .build()
        .map_err(|error| CliError::TriggerSend {
            url: to.clone(),
            error: error.to_string(),
        })?;
    let answer = client
        .request(parts.method, url)
        .headers(parts.headers)
        .body(body)
        .send()
        .await
        .map_err(|error| CliError::TriggerSend {
            url: to.clone(),
            error: error.to_string(),
        })?;
    let status = answer.status();
    let text = answer.text().await.unwrap_or_default();
    writeln!(out, "{} {event} → {to}", builtin.name)?;
    writeln!(out, "{status}")?;
    if !text.is_empty() {
        writeln!(out, "{text}")?;
    }
    if !status.is_success() {
        return Err(CliError::TriggerAnswered(status.as_u16()));
    }
    Ok(())
}

/// Rule: the event is one the provider publishes, when it publishes a catalog; and it
/// fits in a header either way.
fn check_event(builtin: &Builtin, event: &str) -> Result<(), CliError> {
    let printable = !event.is_empty() && event.bytes().all(|b| (b' '..=b'~').contains(&b));
    let known = builtin
        .catalog
        .is_none_or(|catalog| catalog.contains(event));
    if printable && known {
        return Ok(());
    }
    let hint = match builtin.catalog {
        Some(catalog) => hint(event, catalog.events()),
        None => String::new(),
    };
    Err(CliError::UnknownEvent {
        provider: builtin.name,
        event: event.to_owned(),
        hint,
    })
}

/// `standard_webhooks` → `STANDARD_WEBHOOKS_WEBHOOK_SECRET`, the variable the router
/// reads.
fn secret_variable(provider: &str) -> String {
    format!("{}_WEBHOOK_SECRET", provider.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sample names a built-in provider (a typo here would make it unreachable).
    #[test]
    fn every_sample_is_a_builtin_provider() {
        for sample in SAMPLES {
            assert!(
                Builtin::by_name(sample.provider).is_some(),
                "{}",
                sample.provider
            );
        }
    }

    #[test]
    fn unknown_events_get_a_did_you_mean() {
        let stripe = Builtin::by_name("stripe").map(|b| check_event(b, "invoice.payed"));
        let message = stripe
            .and_then(Result::err)
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("did you mean `invoice.paid`"), "{message}");
    }
}
