//! How deliveries are printed: a table, text, or JSON; times in UTC, RFC 3339.

use std::fmt::Write as _;
use std::time::SystemTime;

use http::HeaderMap;
use serde_json::{json, Value};
use webhook::store::{DeliverySummary, Redaction, StoredDelivery, REDACTED};

/// The longest last error a table cell shows.
pub(crate) const ERROR_WIDTH: usize = 48;
/// The longest delivery id a table cell shows.
pub(crate) const DELIVERY_ID_WIDTH: usize = 40;

/// `2024-05-01T12:00:00Z`.
pub(crate) fn time(at: SystemTime) -> String {
    humantime::format_rfc3339_seconds(at).to_string()
}

/// `text` on one line, cut to `width` characters with `…`.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if line.chars().count() <= width {
        return line;
    }
    let mut cut: String = line.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The rows as an aligned table with a header line.
pub(crate) fn table(rows: &[DeliverySummary]) -> String {
    let header = [
        "ID",
        "RECEIVED (UTC)",
        "PROVIDER",
        "ENDPOINT",
        "EVENT",
        "DELIVERY ID",
        "STATUS",
        "ATTEMPTS",
        "LAST ERROR",
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            vec![
                row.id.to_string(),
                time(row.received_at),
                row.provider.clone(),
                row.endpoint.clone(),
                or_dash(row.event.as_deref()),
                truncate(&or_dash(row.delivery_id.as_deref()), DELIVERY_ID_WIDTH),
                row.status.to_string(),
                row.attempts.to_string(),
                truncate(row.last_error.as_deref().unwrap_or(""), ERROR_WIDTH),
            ]
        })
        .collect();
    aligned(&header, &cells)
}

/// A header line and rows, each column as wide as its widest cell.
pub(crate) fn aligned(header: &[&str], cells: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|title| title.chars().count()).collect();
    for row in cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|title| (*title).to_owned()).collect();
    for row in std::iter::once(&header).chain(cells) {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    out
}

pub(crate) fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("-").to_owned()
}

/// Every field of a row as a JSON object.
pub(crate) fn summary_json(row: &DeliverySummary) -> Value {
    json!({
        "id": row.id.0,
        "received_at": time(row.received_at),
        "provider": row.provider,
        "endpoint": row.endpoint,
        "event": row.event,
        "delivery_id": row.delivery_id,
        "delivery_key": row.delivery_key,
        "status": row.status.as_str(),
        "attempts": row.attempts,
        "last_error": row.last_error,
        "secret_index": row.secret_index,
        "updated_at": time(row.updated_at),
        "claimed_by": row.claimed_by,
        "lease_until": row.lease_until.map(time),
        "next_attempt_at": row.next_attempt_at.map(time),
    })
}

/// One delivery as JSON: every field, its headers, and its body when asked.
pub(crate) fn delivery_json(delivery: &StoredDelivery, with_body: bool) -> Value {
    let mut object = summary_json(&delivery.summary);
    let mut headers = serde_json::Map::new();
    for (name, value) in shown_headers(&delivery.headers) {
        // A header sent several times: its values joined, as HTTP allows.
        match headers.get_mut(&name) {
            Some(Value::String(first)) => *first = format!("{first}, {value}"),
            _ => {
                headers.insert(name, Value::String(value));
            }
        }
    }
    object["headers"] = Value::Object(headers);
    if with_body {
        object["body"] = serde_json::from_slice(&delivery.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&delivery.body).into()));
    }
    object
}

/// One delivery as text: a `field: value` line each, the headers, the body when asked.
pub(crate) fn delivery_text(delivery: &StoredDelivery, with_body: bool) -> String {
    let row = &delivery.summary;
    let fields = [
        ("id", row.id.to_string()),
        ("received at", time(row.received_at)),
        ("provider", row.provider.clone()),
        ("endpoint", row.endpoint.clone()),
        ("event", or_dash(row.event.as_deref())),
        ("delivery id", or_dash(row.delivery_id.as_deref())),
        ("delivery key", row.delivery_key.clone()),
        ("status", row.status.to_string()),
        ("attempts", row.attempts.to_string()),
        ("last error", or_dash(row.last_error.as_deref())),
        (
            "secret index",
            row.secret_index
                .map_or_else(|| "-".to_owned(), |i| i.to_string()),
        ),
        ("updated at", time(row.updated_at)),
        ("claimed by", or_dash(row.claimed_by.as_deref())),
        (
            "lease until",
            row.lease_until.map_or_else(|| "-".into(), time),
        ),
        (
            "next attempt at",
            row.next_attempt_at.map_or_else(|| "-".into(), time),
        ),
    ];
    let mut out = String::new();
    for (name, value) in fields {
        let _ = writeln!(out, "{:<16} {value}", format!("{name}:"));
    }
    let _ = writeln!(out, "headers:");
    for (name, value) in shown_headers(&delivery.headers) {
        let _ = writeln!(out, "  {name}: {value}");
    }
    if with_body {
        let _ = writeln!(out, "body:");
        let text = String::from_utf8_lossy(&delivery.body);
        let body = pretty_json(&text).unwrap_or_else(|| text.into_owned());
        let _ = writeln!(out, "{body}");
    }
    out
}

/// `text` indented two spaces a level, keys in the order they were sent; `None` when it
/// is not JSON.
pub(crate) fn pretty_json(text: &str) -> Option<String> {
    serde_json::from_str::<&serde_json::value::RawValue>(text).ok()?;
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            c if c.is_whitespace() => {}
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // `{}` and `[]` stay on one line.
                let next = chars.clone().find(|c| !c.is_whitespace());
                if matches!(next, Some('}' | ']')) {
                    continue;
                }
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                if !(out.ends_with('{') || out.ends_with('[')) {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                }
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    Some(out)
}

/// The headers to print. The store redacted them when it wrote them, with the
/// receiver's rules; the default rules apply again here, so a receiver that stored
/// everything still shows no signature or token.
fn shown_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    let redaction = Redaction::default();
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if redaction.is_redacted(name.as_str()) {
                REDACTED.to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_owned(), shown)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_one_line() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("line one\nline two", 8), "line on…");
        assert_eq!(truncate("héllo wörld", 5), "héll…");
    }

    #[test]
    fn pretty_json_keeps_the_order_and_the_strings() {
        let text = r#"{"z":1, "a":[ ],"s":"x, {y}: \"q\"","o":{}, "l":[1,2]}"#;
        let expected = "{\n  \"z\": 1,\n  \"a\": [],\n  \"s\": \"x, {y}: \\\"q\\\"\",\n  \
                        \"o\": {},\n  \"l\": [\n    1,\n    2\n  ]\n}";
        assert_eq!(pretty_json(text).as_deref(), Some(expected));
        assert_eq!(pretty_json("not json"), None);
    }
}
