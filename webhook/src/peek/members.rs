//! Walking a JSON object's members by structure alone, for a provider whose dispatch
//! fields sit inside or after a large value (Slack's `event_callback`).

use super::is_blank;

/// What a visit of one member tells the walk: the value's length, to go on after it,
/// or that the walk has found what it looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The value is this many bytes long; the walk goes on after it.
    Next(usize),
    /// Stop here: the rest of the object is not looked at.
    Stop,
}

/// Walks the JSON object at the start of `bytes` by its structure alone (nothing is
/// decoded or validated): `visit(key, rest)` gets each key and the bytes from its value
/// on, and answers [`Step::Next`] with the value's length — [`value_len`] to skip it,
/// or the length a scan of its own found (a nested object walked with `object_members`
/// in turn) — or [`Step::Stop`] to end the walk there. Answers `Next` with the object's
/// length, braces included, when every member was visited, and `Stop` when a visit
/// stopped; `None` when `bytes` is not shaped like an object (up to where the walk
/// got), when a key holds an escape (it could spell any name), or when `visit` answers
/// `None`.
///
/// Exact on valid JSON: strings are skipped to their closing quote honouring
/// backslashes, and nesting is counted outside strings. On invalid JSON the members
/// are garbage, which is why callers parse the whole body later and compare.
pub(crate) fn object_members<'a>(
    bytes: &'a [u8],
    mut visit: impl FnMut(&'a [u8], &'a [u8]) -> Option<Step>,
) -> Option<Step> {
    let mut at = skip_blank(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_blank(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        return Some(Step::Next(at + 1));
    }
    loop {
        // A key with an escape could spell any name: `None`, found by the search for
        // the key's end.
        let key_end = plain_string_end(bytes, at)?;
        let key = &bytes[at + 1..key_end - 1];
        at = skip_blank(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        let value_start = skip_blank(bytes, at + 1);
        let rest = bytes.get(value_start..)?;
        let len = match visit(key, rest)? {
            Step::Next(len) => len,
            Step::Stop => return Some(Step::Stop),
        };
        at = skip_blank(bytes, value_start + len);
        match bytes.get(at)? {
            b',' => at = skip_blank(bytes, at + 1),
            b'}' => return Some(Step::Next(at + 1)),
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
            // Byte by byte between strings (the gaps are a few bytes: `":`, `},{"`),
            // each string skipped whole.
            let mut depth = 0usize;
            let mut i = 0;
            loop {
                match *rest.get(i)? {
                    b'"' => {
                        i = string_end(rest, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
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

/// Where the string starting at `at` ends (one past its closing quote). Inlined: it
/// runs for every string of a walked body, mostly short ones, where a call's register
/// saving and restoring cost as much as the search.
#[inline(always)]
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        i = quote_or_backslash_from(bytes, i)?;
        if bytes[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

/// Where the string starting at `at` ends, if it holds no escape.
#[inline(always)]
fn plain_string_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let end = quote_or_backslash_from(bytes, at + 1)?;
    (bytes[end] == b'"').then_some(end + 1)
}

/// Most JSON strings are short: eight bytes at a time ([`quote_or_backslash_in`]) finds
/// their end before `memchr` would have set up; longer ones (texts, URLs) are left to it.
#[inline(always)]
fn quote_or_backslash_from(bytes: &[u8], from: usize) -> Option<usize> {
    const SHORT: usize = 24;
    let mut at = from;
    while let Some(word) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(word.try_into().ok()?);
        if let Some(found) = quote_or_backslash_in(word) {
            return Some(at + found);
        }
        at += 8;
        if at - from >= SHORT {
            let tail = bytes.get(at..)?;
            return memchr::memchr2(b'"', b'\\', tail).map(|found| at + found);
        }
    }
    let tail = bytes.get(at..)?;
    let found = tail.iter().position(|&b| b == b'"' || b == b'\\')?;
    Some(at + found)
}

/// The first `"` or `\` in `bytes` (see [`quote_or_backslash_from`]).
#[cfg(test)]
fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    quote_or_backslash_from(bytes, 0)
}

/// The index of the first `"` or `\` among a little-endian word's eight bytes. A byte
/// equal to the one sought is zero after the XOR; `(v - 0x01…) & !v & 0x80…` sets the
/// top bit of the first zero byte exactly (bytes after it may be flagged falsely, which
/// the lowest set bit never is).
fn quote_or_backslash_in(word: u64) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_bytes = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let found =
        zero_bytes(word ^ (ONES * u64::from(b'"'))) | zero_bytes(word ^ (ONES * u64::from(b'\\')));
    (found != 0).then(|| found.trailing_zeros() as usize / 8)
}

/// Compact JSON, as providers send it, has no blanks: one comparison then.
#[inline(always)]
fn skip_blank(bytes: &[u8], at: usize) -> usize {
    if bytes.get(at).is_some_and(|b| !is_blank(b)) {
        return at;
    }
    at + bytes.get(at..).map_or(0, |rest| {
        rest.iter().position(|b| !is_blank(b)).unwrap_or(rest.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_search_finds_the_first_quote_or_backslash_anywhere() {
        for len in 0..40 {
            for at in 0..=len {
                for sought in [b'"', b'\\'] {
                    let mut bytes = vec![b'a'; len];
                    // Bytes just above and below the sought ones must not match.
                    for (i, byte) in bytes.iter_mut().enumerate() {
                        *byte = [b'!', b'#', b'[', b']', 0x80, 0xff, b'a'][i % 7];
                    }
                    if at < len {
                        bytes[at] = sought;
                        bytes.extend_from_slice(b"\"\\");
                    }
                    let expected = bytes.iter().position(|&b| b == b'"' || b == b'\\');
                    assert_eq!(find_quote_or_backslash(&bytes), expected, "{bytes:?}");
                }
            }
        }
    }

    fn members(body: &[u8]) -> Option<Vec<(String, String)>> {
        let mut found = Vec::new();
        object_members(body, |key, rest| {
            let len = value_len(rest)?;
            found.push((
                String::from_utf8_lossy(key).into_owned(),
                String::from_utf8_lossy(&rest[..len]).into_owned(),
            ));
            Some(Step::Next(len))
        })?;
        Some(found)
    }

    #[test]
    fn members_are_split_by_structure() {
        let body =
            br#" { "a" : "x,}\"]" , "b":{"c":[1,{"d":"}"}],"e":null} ,"f": -1.5e3,"g":true,"h":[{"i":"longer than twenty-four bytes, with \" ] } in it","j":"\\"}]}"#;
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
                (
                    "h",
                    r#"[{"i":"longer than twenty-four bytes, with \" ] } in it","j":"\\"}]"#
                ),
            ]
        );
        assert_eq!(members(b"{}").unwrap(), []);
        assert_eq!(
            object_members(br#"{"a":[1]} tail"#, |_, rest| value_len(rest)
                .map(Step::Next)),
            Some(Step::Next(9))
        );
        // A visit that stops ends the walk, whatever follows.
        let mut keys = Vec::new();
        let stopped = object_members(br#"{"a":1,"b":2,"c":"#, |key, rest| {
            keys.push(key.to_vec());
            if key == b"b" {
                return Some(Step::Stop);
            }
            value_len(rest).map(Step::Next)
        });
        assert_eq!(stopped, Some(Step::Stop));
        assert_eq!(keys, [b"a".to_vec(), b"b".to_vec()]);
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
}
