//! Shared by the fuzz targets: turning fuzz bytes into header values and a body.

use http::{HeaderMap, HeaderName, HeaderValue};

/// Splits `data` at the first `\n\n`: header lines (`name: value`) before, body after.
pub fn split(data: &[u8]) -> (HeaderMap, &[u8]) {
    let at = data.windows(2).position(|w| w == b"\n\n").unwrap_or(data.len());
    let (head, body) = data.split_at(at);
    let body = body.get(2..).unwrap_or_default();
    let mut headers = HeaderMap::new();
    for line in head.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
        let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(&line[..colon]), HeaderValue::from_bytes(line[colon + 1..].trim_ascii()))
        else {
            continue;
        };
        headers.append(name, value);
    }
    (headers, body)
}
