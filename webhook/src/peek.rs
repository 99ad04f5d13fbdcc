//! Reading one string member of a JSON object where a provider always writes it — the
//! first key (GitHub's `action`, Stripe's `id`) or the last (Stripe's `type`) — without
//! scanning the rest of the body.
//!
//! A peek is a hint, never the truth: it answers `None` for anything but the plain
//! form (`"key":"value"` with no escape in either), and the caller parses the whole body
//! later, which validates it and must agree with what was peeked. On a valid JSON
//! object a peek is exact: the first (last) non-blank bytes open (close) the outermost
//! object, so the member found there is a member of that object, and a key preceded by
//! `{` or `,` is a whole key, not the tail of a longer one.
//!
//! Standard Webhooks senders write `type` first or last, so its envelope peeks too.
//!
//! `members` goes further (for Slack): it walks an object's members by structure alone,
//! as far as the caller needs.

// Each provider uses some of these; with only some providers on, the rest is unused.
#![cfg_attr(
    not(all(feature = "stripe", feature = "github", feature = "slack")),
    allow(dead_code)
)]

#[cfg(feature = "slack")]
mod members;
#[cfg(any(feature = "stripe", feature = "slack", feature = "standard-webhooks"))]
mod rest;

#[cfg(feature = "slack")]
pub(crate) use members::{object_members, plain_string, value_len, Step};
#[cfg(any(feature = "stripe", feature = "slack", feature = "standard-webhooks"))]
pub(crate) use rest::Rest;

/// The value of `key` when it is the object's first member: `{"action":"opened",…`.
pub(crate) fn leading_string<'a>(body: &'a [u8], key: &str) -> Option<&'a str> {
    let rest = trim_start(body).strip_prefix(b"{")?;
    let rest = trim_start(rest).strip_prefix(b"\"")?;
    let rest = rest.strip_prefix(key.as_bytes())?.strip_prefix(b"\"")?;
    let rest = trim_start(rest).strip_prefix(b":")?;
    let rest = trim_start(rest).strip_prefix(b"\"")?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    if rest[end] != b'"' {
        return None;
    }
    std::str::from_utf8(&rest[..end]).ok()
}

/// The value of `key` when it is the object's last member: `…,"type":"invoice.paid"}`.
pub(crate) fn trailing_string<'a>(body: &'a [u8], key: &str) -> Option<&'a str> {
    let rest = trim_end(body).strip_suffix(b"}")?;
    let rest = trim_end(rest).strip_suffix(b"\"")?;
    let start = rest.iter().rposition(|&b| b == b'"' || b == b'\\')?;
    if rest[start] != b'"' {
        return None;
    }
    let value = &rest[start + 1..];
    let rest = trim_end(&rest[..start]).strip_suffix(b":")?;
    let rest = trim_end(rest).strip_suffix(b"\"")?;
    let rest = rest.strip_suffix(key.as_bytes())?.strip_suffix(b"\"")?;
    match trim_end(rest).last() {
        Some(b',' | b'{') => std::str::from_utf8(value).ok(),
        _ => None,
    }
}

pub(crate) fn is_blank(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !is_blank(b))
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|b| !is_blank(b))
        .map_or(0, |at| at + 1);
    &bytes[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_member_is_read_in_its_plain_form_only() {
        fn lead(body: &[u8]) -> Option<&str> {
            leading_string(body, "action")
        }
        assert_eq!(lead(br#"{"action":"opened","number":1}"#), Some("opened"));
        assert_eq!(lead(b" {\n  \"action\" : \"closed\", "), Some("closed"));
        assert_eq!(lead(br#"{"number":1,"action":"opened"}"#), None);
        assert_eq!(lead(br#"{"actions":"opened"}"#), None);
        assert_eq!(lead(br#"{"action":"op\"ened"}"#), None);
        assert_eq!(lead(br#"{"act\u0069on":"opened"}"#), None);
        assert_eq!(lead(br#"{"action":5}"#), None);
        assert_eq!(lead(b""), None);
    }

    #[test]
    fn the_last_member_is_read_in_its_plain_form_only() {
        fn tail(body: &[u8]) -> Option<&str> {
            trailing_string(body, "type")
        }
        assert_eq!(
            tail(br#"{"id":"evt_1","type":"invoice.paid"}"#),
            Some("invoice.paid")
        );
        assert_eq!(tail(b"{\"type\" :\n \"a.b\" }\n"), Some("a.b"));
        assert_eq!(tail(br#"{"type":"a","id":"evt_1"}"#), None);
        assert_eq!(tail(br#"{"x":1,"subtype":"a"}"#), None);
        assert_eq!(tail(br#"{"x":{"type":"a"}}"#), None);
        assert_eq!(tail(br#"{"x":"\"type\":\"a"}"#), None);
        assert_eq!(tail(br#"{"x":1,"type":"a\"b"}"#), None);
        assert_eq!(tail(br#"{"x":1,"type":5}"#), None);
        assert_eq!(tail(br#""type":"a"}"#), None);
        assert_eq!(tail(b"}"), None);
    }
}
