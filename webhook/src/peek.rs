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

/// Walks the JSON object at the start of `bytes` by its structure alone (nothing is
/// decoded or validated): `visit(key, rest)` gets each key and the bytes from its value
/// on, and answers the value's length — [`value_len`] to skip it, or the length a scan
/// of its own found (a nested object walked with `object_members` in turn). Answers the
/// object's length, braces included; `None` when `bytes` is not shaped like an object,
/// when a key holds an escape (it could spell any name), or when `visit` answers `None`.
///
/// Exact on valid JSON: strings are skipped to their closing quote honouring
/// backslashes, and nesting is counted outside strings. On invalid JSON the members
/// are garbage, which is why callers parse the whole body later and compare.
pub(crate) fn object_members<'a>(
    bytes: &'a [u8],
    mut visit: impl FnMut(&'a [u8], &'a [u8]) -> Option<usize>,
) -> Option<usize> {
    let mut at = skip_blank(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_blank(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        return Some(at + 1);
    }
    loop {
        let key_end = string_end(bytes, at)?;
        let key = &bytes[at + 1..key_end - 1];
        if key.contains(&b'\\') {
            return None;
        }
        at = skip_blank(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        let value_start = skip_blank(bytes, at + 1);
        let rest = bytes.get(value_start..)?;
        let len = visit(key, rest)?;
        at = skip_blank(bytes, value_start + len);
        match bytes.get(at)? {
            b',' => at = skip_blank(bytes, at + 1),
            b'}' => return Some(at + 1),
            _ => return None,
        }
    }
}

/// The length of the JSON value at the start of `rest`: a string, an object or array
/// (nesting counted outside strings), or a scalar up to the next delimiter.
pub(crate) fn value_len(rest: &[u8]) -> Option<usize> {
    match rest.first()? {
        b'"' => string_end(rest, 0),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = 0;
            loop {
                // Jump to the next quote or bracket: everything between is skipped.
                i += rest
                    .get(i..)?
                    .iter()
                    .position(|&b| STRUCTURAL[usize::from(b)])?;
                match rest[i] {
                    b'"' => {
                        i = string_end(rest, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    _ => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                }
                i += 1;
            }
        }
        _ => {
            let len = rest
                .iter()
                .position(|&b| matches!(b, b',' | b'}' | b']') || is_blank(&b))
                .unwrap_or(rest.len());
            Some(len)
        }
    }
}

/// A raw value's text when it is a string without escapes: `"abc"` → `abc`.
pub(crate) fn plain_string(raw: &[u8]) -> Option<&str> {
    let inner = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if inner.iter().any(|&b| b == b'"' || b == b'\\') {
        return None;
    }
    std::str::from_utf8(inner).ok()
}

/// Where the string starting at `at` ends (one past its closing quote).
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        i += find_quote_or_backslash(bytes.get(i..)?)?;
        if bytes[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

/// The bytes that matter when skipping a nested value: quotes and brackets.
static STRUCTURAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'{' as usize] = true;
    table[b'}' as usize] = true;
    table[b'[' as usize] = true;
    table[b']' as usize] = true;
    table
};

/// Most JSON strings are short: a plain loop finds their end before `memchr` would
/// have set up; longer ones (texts, URLs) are left to it.
fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const SHORT: usize = 24;
    let head = &bytes[..bytes.len().min(SHORT)];
    if let Some(at) = head.iter().position(|&b| b == b'"' || b == b'\\') {
        return Some(at);
    }
    let tail = bytes.get(SHORT..)?;
    memchr::memchr2(b'"', b'\\', tail).map(|at| SHORT + at)
}

fn skip_blank(bytes: &[u8], at: usize) -> usize {
    at + bytes.get(at..).map_or(0, |rest| {
        rest.iter().position(|b| !is_blank(b)).unwrap_or(rest.len())
    })
}

fn is_blank(byte: &u8) -> bool {
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

    fn members(body: &[u8]) -> Option<Vec<(String, String)>> {
        let mut found = Vec::new();
        object_members(body, |key, rest| {
            let len = value_len(rest)?;
            found.push((
                String::from_utf8_lossy(key).into_owned(),
                String::from_utf8_lossy(&rest[..len]).into_owned(),
            ));
            Some(len)
        })?;
        Some(found)
    }

    #[test]
    fn members_are_split_by_structure() {
        let body =
            br#" { "a" : "x,}\"]" , "b":{"c":[1,{"d":"}"}],"e":null} ,"f": -1.5e3,"g":true}"#;
        let found = members(body).unwrap();
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("a", r#""x,}\"]""#),
                ("b", r#"{"c":[1,{"d":"}"}],"e":null}"#),
                ("f", "-1.5e3"),
                ("g", "true"),
            ]
        );
        assert_eq!(members(b"{}").unwrap(), []);
        assert_eq!(
            object_members(br#"{"a":[1]} tail"#, |_, rest| value_len(rest)),
            Some(9)
        );
        assert_eq!(members(br#"{"t\u0079pe":"x"}"#), None);
        assert_eq!(members(br#"{"a":"unterminated}"#), None);
        assert_eq!(members(br#"{"a":{"b":1}"#), None);
        assert_eq!(members(br#"["a"]"#), None);
        assert_eq!(members(br#"{"a":1 "b":2}"#), None);
        assert_eq!(members(b""), None);
        assert_eq!(plain_string(br#""abc""#), Some("abc"));
        assert_eq!(plain_string(br#""a\"c""#), None);
        assert_eq!(plain_string(b"null"), None);
    }

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
