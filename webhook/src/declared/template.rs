//! The template a derived provider is described by, and the verification and parsing
//! it drives.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::value::RawValue;

use super::Envelope;
use crate::provider::{EnvelopeError, RawRequest};
use crate::secret::Secret;
use crate::verify::{constant_time_eq, Verified, VerifyContext, VerifyError};

/// A declared signature scheme; `#[derive(Provider)]` builds one from its attribute.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// The header carrying the signature(s).
    pub signature_header: &'static str,
    /// The MAC.
    pub algorithm: Algorithm,
    /// How the MAC is written.
    pub encoding: Encoding,
    /// Text before each signature (`sha256=`), or empty.
    pub prefix: &'static str,
    /// What is signed.
    pub signed: Signed,
    /// The header with the signed unix timestamp.
    pub timestamp_header: Option<&'static str>,
    /// The header with the delivery id.
    pub id_header: Option<&'static str>,
    /// Where the event name is.
    pub event: EventSource,
}

/// The MAC of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// HMAC-SHA1 (legacy senders).
    HmacSha1,
    /// HMAC-SHA256.
    HmacSha256,
    /// HMAC-SHA512.
    HmacSha512,
}

/// How a template's MAC is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Hexadecimal, either case.
    Hex,
    /// Standard base64 with padding.
    Base64,
}

/// What a template signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signed {
    /// `{body}`.
    Body,
    /// `{timestamp}.{body}`.
    TimestampBody,
    /// `{id}.{timestamp}.{body}`.
    IdTimestampBody,
}

/// Where a template's event name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    /// A request header.
    Header(&'static str),
    /// A JSON pointer into the body (`/type`).
    JsonPointer(&'static str),
}

/// A declared event catalog, with the messages compile-time checks print.
#[derive(Debug)]
pub struct EventCatalog {
    /// The event names.
    pub events: &'static [&'static str],
    /// For each event, the message for a near miss of it ("did you mean").
    pub near_miss: &'static [&'static str],
    /// The message for a name close to none of them (lists them all).
    pub unknown: &'static str,
}

/// Signatures longer than this are not real (512-bit MAC in hex is 128 bytes).
const MAX_SIGNATURE_BYTES: usize = 64;

/// Verifies a request against a template.
pub fn verify(
    template: &Template,
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let header = request
        .header(template.signature_header)
        .ok_or(VerifyError::MissingHeader(template.signature_header))?;
    let candidates: Vec<Vec<u8>> = header
        .split([',', ' '])
        .filter_map(|item| item.trim().strip_prefix(template.prefix))
        .filter_map(|item| decode(template.encoding, item))
        .collect();
    if candidates.is_empty() {
        return Err(VerifyError::MalformedHeader(template.signature_header));
    }
    let timestamp = match template.timestamp_header {
        Some(name) => {
            let text = request
                .header(name)
                .ok_or(VerifyError::MissingHeader(name))?;
            let seconds = text
                .trim()
                .parse::<i64>()
                .map_err(|_| VerifyError::MalformedHeader(name))?;
            Some((text, seconds))
        }
        None => None,
    };
    let id = match template.id_header {
        Some(name) => Some(
            request
                .header(name)
                .ok_or(VerifyError::MissingHeader(name))?,
        ),
        None => None,
    };
    let parts: Vec<&[u8]> = match (template.signed, timestamp, id) {
        (Signed::Body, _, _) => vec![request.body],
        (Signed::TimestampBody, Some((ts, _)), _) => vec![ts.as_bytes(), b".", request.body],
        (Signed::IdTimestampBody, Some((ts, _)), Some(id)) => {
            vec![id.as_bytes(), b".", ts.as_bytes(), b".", request.body]
        }
        // The derive refuses these templates; answer as a bad request, never panic.
        _ => return Err(VerifyError::MalformedHeader(template.signature_header)),
    };
    for (secret_index, secret) in context.secrets.iter().enumerate() {
        let expected = mac(template.algorithm, secret, &parts);
        if candidates.iter().fold(false, |hit, candidate| {
            hit | constant_time_eq(&expected, candidate)
        }) {
            if let Some((_, seconds)) = timestamp {
                context.check_within(seconds)?;
            }
            return Ok(Verified { secret_index });
        }
    }
    Err(VerifyError::Mismatch)
}

fn decode(encoding: Encoding, text: &str) -> Option<Vec<u8>> {
    if text.len() > 2 * MAX_SIGNATURE_BYTES {
        return None;
    }
    match encoding {
        Encoding::Hex => hex::decode(text).ok(),
        Encoding::Base64 => base64::engine::general_purpose::STANDARD.decode(text).ok(),
    }
}

fn mac(algorithm: Algorithm, secret: &Secret, parts: &[&[u8]]) -> Vec<u8> {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        let mut mac =
            <M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }
    match algorithm {
        Algorithm::HmacSha1 => run::<Hmac<sha1::Sha1>>(secret.expose(), parts),
        Algorithm::HmacSha256 => run::<Hmac<sha2::Sha256>>(secret.expose(), parts),
        Algorithm::HmacSha512 => run::<Hmac<sha2::Sha512>>(secret.expose(), parts),
    }
}

/// Parses a verified request's envelope: the event name from the header or JSON
/// pointer (walking the body with borrowed maps, never building a full tree).
pub fn parse<'a>(
    template: &Template,
    request: &RawRequest<'a>,
) -> Result<Envelope<'a>, EnvelopeError> {
    let event = match template.event {
        EventSource::Header(name) => Cow::Borrowed(
            request
                .header(name)
                .filter(|value| !value.is_empty())
                .ok_or_else(|| EnvelopeError(format!("missing `{name}` header")))?,
        ),
        EventSource::JsonPointer(pointer) => json_pointer_str(request.body, pointer)?,
    };
    let id = template.id_header.and_then(|name| request.header(name));
    Ok(Envelope {
        event,
        id,
        body: request.body,
    })
}

/// The string at `pointer` (`/a/b`) in `body`.
fn json_pointer_str<'a>(body: &'a [u8], pointer: &str) -> Result<Cow<'a, str>, EnvelopeError> {
    let missing = || EnvelopeError(format!("body has no string at `{pointer}`"));
    let mut raw: &'a RawValue =
        serde_json::from_slice(body).map_err(|e| EnvelopeError::json(&e))?;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let object: BTreeMap<Cow<'a, str>, &'a RawValue> =
            serde_json::from_str(raw.get()).map_err(|_| missing())?;
        raw = *object.get(segment.as_str()).ok_or_else(missing)?;
    }
    serde_json::from_str::<Cow<'a, str>>(raw.get()).map_err(|_| missing())
}

/// The default tolerance of a template with a timestamp.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_pointer_walks_nested_objects() {
        let body = br#"{"data":{"kind":"order.paid","n":1},"type":"x"}"#;
        assert_eq!(json_pointer_str(body, "/type").unwrap(), "x");
        assert_eq!(json_pointer_str(body, "/data/kind").unwrap(), "order.paid");
        assert!(json_pointer_str(body, "/data/n").is_err());
        assert!(json_pointer_str(body, "/nope").is_err());
        assert!(json_pointer_str(b"[1]", "/type").is_err());
        assert!(json_pointer_str(b"{", "/type").is_err());
    }
}
