//! `list` and `show` over a receiver's file log (`webhook::file_log`) instead of a
//! store: the same filters, read from the JSON lines.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde_json::{json, Value};
use webhook::file_log::{self, LogLine, Redaction, REDACTED};

use crate::args::FilterArgs;
use crate::error::CliError;
use crate::output::{
    aligned, or_dash, pretty_json, time, truncate, DELIVERY_ID_WIDTH, ERROR_WIDTH,
};

/// Reads the log, saying on stderr how many lines could not be read.
fn read(path: &Path) -> Result<Vec<LogLine>, CliError> {
    let log = file_log::read(path).map_err(|error| CliError::Log {
        path: path.to_path_buf(),
        error,
    })?;
    if log.unreadable > 0 {
        eprintln!(
            "warning: skipped {} unreadable line(s) (a line cut short by a crash is never an answered request's)",
            log.unreadable
        );
    }
    Ok(log.lines)
}

/// `list`: the newest matching lines (at most `limit`), newest first.
pub(crate) fn list(
    path: &Path,
    filter: &FilterArgs,
    limit: u32,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let lines = read(path)?;
    let shown: Vec<&LogLine> = lines
        .iter()
        .rev()
        .filter(|line| matches(line, filter))
        .take(limit as usize)
        .collect();
    if json {
        for line in &shown {
            writeln!(out, "{}", line_json(line, false))?;
        }
        return Ok(());
    }
    if shown.is_empty() {
        eprintln!("no logged requests match");
        return Ok(());
    }
    write!(out, "{}", table(&shown))?;
    if shown.len() == limit as usize {
        eprintln!("(the newest {limit} shown; --limit N for more)");
    }
    Ok(())
}

/// `show`: one line in full.
pub(crate) fn show(
    path: &Path,
    id: i64,
    body: bool,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let lines = read(path)?;
    let line = lines
        .iter()
        .find(|line| line.id == id)
        .ok_or_else(|| CliError::NoSuchLine {
            path: path.to_path_buf(),
            id,
        })?;
    if json {
        writeln!(out, "{}", line_json(line, body))?;
    } else {
        write!(out, "{}", line_text(line, body))?;
    }
    Ok(())
}

/// Whether `line` passes every condition of `filter` (the limit aside).
fn matches(line: &LogLine, filter: &FilterArgs) -> bool {
    let FilterArgs {
        provider,
        endpoint,
        event,
        status,
        since,
        until,
        limit: _,
    } = filter;
    let received = line.received_time();
    provider.as_ref().is_none_or(|p| *p == line.provider)
        && endpoint.as_ref().is_none_or(|e| *e == line.endpoint)
        && event
            .as_ref()
            .is_none_or(|pattern| event_matches(pattern, line.event.as_deref()))
        && status.is_none_or(|s| s.as_str() == line.status)
        && since.is_none_or(|since| received.is_some_and(|at| at >= since))
        && until.is_none_or(|until| received.is_some_and(|at| at < until))
}

/// An exact event name, a `prefix*`, or `*` (which matches lines without an event too),
/// as the store's filter reads them.
fn event_matches(pattern: &str, event: Option<&str>) -> bool {
    if pattern == "*" {
        return true;
    }
    let Some(event) = event else { return false };
    match pattern.strip_suffix('*') {
        Some(prefix) => event.starts_with(prefix),
        None => event == pattern,
    }
}

fn table(lines: &[&LogLine]) -> String {
    let header = [
        "ID",
        "RECEIVED (UTC)",
        "PROVIDER",
        "ENDPOINT",
        "EVENT",
        "DELIVERY ID",
        "STATUS",
        "REASON",
    ];
    let cells: Vec<Vec<String>> = lines
        .iter()
        .map(|line| {
            vec![
                line.id.to_string(),
                line.received_time()
                    .map_or_else(|| line.received_at.clone(), time),
                line.provider.clone(),
                line.endpoint.clone(),
                or_dash(line.event.as_deref()),
                truncate(&or_dash(line.delivery_id.as_deref()), DELIVERY_ID_WIDTH),
                line.status.clone(),
                truncate(line.reason.as_deref().unwrap_or(""), ERROR_WIDTH),
            ]
        })
        .collect();
    aligned(&header, &cells)
}

/// The headers to print: redacted by the receiver when it wrote them, and again here
/// with the default rules, as `show` does for a store.
fn shown_headers(line: &LogLine) -> Vec<(String, String)> {
    let redaction = Redaction::default();
    line.headers
        .iter()
        .map(|(name, value)| {
            let shown = if redaction.is_redacted(name) {
                REDACTED.to_owned()
            } else {
                value.clone()
            };
            (name.clone(), shown)
        })
        .collect()
}

fn line_json(line: &LogLine, with_body: bool) -> Value {
    let mut headers = serde_json::Map::new();
    for (name, value) in shown_headers(line) {
        // A header sent several times: its values joined, as HTTP allows.
        match headers.get_mut(&name) {
            Some(Value::String(first)) => *first = format!("{first}, {value}"),
            _ => {
                headers.insert(name, Value::String(value));
            }
        }
    }
    let mut object = json!({
        "id": line.id,
        "received_at": line.received_at,
        "provider": line.provider,
        "endpoint": line.endpoint,
        "event": line.event,
        "delivery_id": line.delivery_id,
        "status": line.status,
        "reason": line.reason,
        "headers": headers,
    });
    if with_body {
        let bytes = line.body_bytes();
        object["body"] = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    }
    object
}

fn line_text(line: &LogLine, with_body: bool) -> String {
    let fields = [
        ("id", line.id.to_string()),
        ("received at", line.received_at.clone()),
        ("provider", line.provider.clone()),
        ("endpoint", line.endpoint.clone()),
        ("event", or_dash(line.event.as_deref())),
        ("delivery id", or_dash(line.delivery_id.as_deref())),
        ("status", line.status.clone()),
        ("reason", or_dash(line.reason.as_deref())),
    ];
    let mut out = String::new();
    for (name, value) in fields {
        let _ = writeln!(out, "{:<16} {value}", format!("{name}:"));
    }
    let _ = writeln!(out, "headers:");
    for (name, value) in shown_headers(line) {
        let _ = writeln!(out, "  {name}: {value}");
    }
    if with_body {
        let _ = writeln!(out, "body:");
        let bytes = line.body_bytes();
        let text = String::from_utf8_lossy(&bytes);
        let body = pretty_json(&text).unwrap_or_else(|| text.into_owned());
        let _ = writeln!(out, "{body}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_patterns_read_as_the_store_reads_them() {
        assert!(event_matches("invoice.*", Some("invoice.paid")));
        assert!(!event_matches("invoice.*", Some("customer.created")));
        assert!(event_matches("invoice.paid", Some("invoice.paid")));
        assert!(!event_matches("invoice.paid", None));
        assert!(event_matches("*", None));
    }
}
