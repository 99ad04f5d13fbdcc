//! `webhook outbox …`: a tenant's outgoing endpoints, messages and attempts, in the
//! store's outbox (see `webhook::outgoing::outbox`).

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Subcommand;
use webhook::outgoing::outbox::{
    AttemptRecord, Endpoint, EndpointId, EndpointUpdate, NewEndpoint, Outbox, OutboxError,
};

use crate::args::parse_when;
use crate::error::CliError;

/// What to do in the outbox; every command names the tenant.
#[derive(Debug, Subcommand)]
pub(crate) enum OutboxCommand {
    /// List a tenant's endpoints.
    Endpoints {
        /// The tenant (the application's id for its customer).
        #[arg(long)]
        tenant: String,
    },
    /// Add an endpoint; prints its id and its new signing secret (shown once).
    AddEndpoint {
        #[arg(long)]
        tenant: String,
        /// Where messages go (http:// or https://).
        #[arg(long)]
        url: String,
        /// An event filter: an exact type, a prefix like 'invoice.*', or '*' (repeatable;
        /// default '*').
        #[arg(long = "type", value_name = "FILTER")]
        types: Vec<String>,
        /// Free text for the endpoint's owner.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Enable an endpoint: its queued attempts go out again.
    Enable {
        #[arg(long)]
        tenant: String,
        /// The endpoint's id.
        id: i64,
    },
    /// Disable an endpoint; its queued attempts wait.
    Disable {
        #[arg(long)]
        tenant: String,
        /// The endpoint's id.
        id: i64,
        /// Why (shown with the endpoint).
        #[arg(long, default_value = "disabled from the command line")]
        reason: String,
    },
    /// List a tenant's messages, newest first.
    Messages {
        #[arg(long)]
        tenant: String,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Every attempt of one message: status, duration, error.
    Attempts {
        #[arg(long)]
        tenant: String,
        /// The message id (msg_…).
        message: String,
    },
    /// Send one message again, now, with the same id.
    Resend {
        #[arg(long)]
        tenant: String,
        /// The message id (msg_…).
        message: String,
        /// Only to this endpoint (default: every endpoint it went to).
        #[arg(long)]
        endpoint: Option<i64>,
    },
    /// Send again every message since a time whose attempts to an endpoint all failed.
    Recover {
        #[arg(long)]
        tenant: String,
        /// The endpoint's id.
        endpoint: i64,
        /// An age (1h, 7d) or a time (2024-05-01T12:00:00Z, 2024-05-01).
        #[arg(long, value_name = "WHEN", value_parser = parse_when)]
        since: SystemTime,
    },
}

/// Runs `command` on the outbox of the store at `url`.
pub(crate) async fn run(
    url: &str,
    command: OutboxCommand,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let outbox = Outbox::open(url).await?;
    match command {
        OutboxCommand::Endpoints { tenant } => {
            let endpoints = outbox.endpoints(&tenant).await?;
            if endpoints.is_empty() {
                eprintln!("tenant `{tenant}` has no endpoints");
            }
            for endpoint in &endpoints {
                writeln!(out, "{}", endpoint_line(endpoint))?;
            }
        }
        OutboxCommand::AddEndpoint {
            tenant,
            url,
            types,
            description,
        } => {
            let mut endpoint = NewEndpoint::new(url).description(description);
            if !types.is_empty() {
                endpoint = endpoint.event_types(types);
            }
            let created = outbox.create_endpoint(&tenant, endpoint).await?;
            writeln!(out, "{}", endpoint_line(&created))?;
            if let Some(secret) = created.secrets.first() {
                writeln!(out, "secret: {}", secret.secret.expose())?;
            }
        }
        OutboxCommand::Enable { tenant, id } => {
            let update = EndpointUpdate {
                enabled: Some(true),
                ..EndpointUpdate::default()
            };
            let endpoint = outbox
                .update_endpoint(&tenant, EndpointId(id), update)
                .await?;
            writeln!(out, "{}", endpoint_line(&endpoint))?;
        }
        OutboxCommand::Disable { tenant, id, reason } => {
            let endpoint = outbox
                .disable_endpoint(&tenant, EndpointId(id), &reason)
                .await?;
            writeln!(out, "{}", endpoint_line(&endpoint))?;
        }
        OutboxCommand::Messages { tenant, limit } => {
            for message in outbox.messages(&tenant, None, limit).await? {
                writeln!(
                    out,
                    "{}  {}  {}  {} bytes",
                    message.message_id,
                    unix_seconds(message.created_at),
                    message.event_type,
                    message.payload.len()
                )?;
            }
        }
        OutboxCommand::Attempts { tenant, message } => {
            outbox.message(&tenant, &message).await?;
            for attempt in outbox.attempts(&tenant, &message).await? {
                writeln!(out, "{}", attempt_line(&attempt))?;
            }
        }
        OutboxCommand::Resend {
            tenant,
            message,
            endpoint,
        } => {
            let queued = outbox
                .resend(&tenant, &message, endpoint.map(EndpointId))
                .await?;
            writeln!(out, "queued {queued} attempt(s) of {message}")?;
        }
        OutboxCommand::Recover {
            tenant,
            endpoint,
            since,
        } => {
            let queued = outbox.recover(&tenant, EndpointId(endpoint), since).await?;
            writeln!(
                out,
                "queued {queued} message(s) again for endpoint {endpoint}"
            )?;
        }
    }
    Ok(())
}

/// `7  enabled  https://…  [invoice.*]`, or the reason it is disabled.
fn endpoint_line(endpoint: &Endpoint) -> String {
    let filters: Vec<&str> = endpoint.event_types.iter().map(|f| f.as_str()).collect();
    let state = if endpoint.enabled {
        "enabled".to_owned()
    } else {
        format!(
            "disabled ({})",
            endpoint
                .disabled_reason
                .as_deref()
                .unwrap_or("no reason given")
        )
    };
    format!(
        "{}  {state}  {}  [{}]",
        endpoint.id.0,
        endpoint.url,
        filters.join(", ")
    )
}

/// `endpoint 7  attempt 2  failed  503  <duration>  connection refused`.
fn attempt_line(attempt: &AttemptRecord) -> String {
    let status = attempt
        .status
        .map_or_else(|| "-".to_owned(), |status| status.to_string());
    let duration = attempt
        .duration
        .map_or_else(|| "-".to_owned(), |d| format!("{} ms", d.as_millis()));
    let state = format!("{:?}", attempt.state).to_lowercase();
    format!(
        "endpoint {}  attempt {}  {state}  {status}  {duration}{}",
        attempt.endpoint_id.0,
        attempt.attempt,
        attempt
            .error
            .as_deref()
            .map(|error| format!("  {error}"))
            .unwrap_or_default()
    )
}

fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

impl From<OutboxError> for CliError {
    fn from(error: OutboxError) -> Self {
        CliError::Outbox(error)
    }
}
