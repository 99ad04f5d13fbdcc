//! The template a derived provider is described by, and the verification and parsing
//! it drives.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::Duration;

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use serde_json::value::RawValue;

use super::Envelope;
use crate::provider::{EnvelopeError, RawRequest};
use crate::verify::signature::{self, match_hmac, HmacSha256, SignatureFormat};
use crate::verify::{parse_seconds, Verified, VerifyContext, VerifyError};

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
    /// A JSON pointer to the delivery id in the body, for senders that put it there
    /// (`/id`); never together with `id_header`.
    pub id_field: Option<&'static str>,
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

/// Verifies a request against a template.
pub fn verify(
    template: &Template,
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    match template.algorithm {
        Algorithm::HmacSha1 => verify_with::<Hmac<sha1::Sha1>, 20>(template, request, context),
        Algorithm::HmacSha256 => verify_with::<HmacSha256, 32>(template, request, context),
        Algorithm::HmacSha512 => verify_with::<Hmac<sha2::Sha512>, 64>(template, request, context),
    }
}

/// [`verify`] with the template's MAC `M`, whose digests are `N` bytes long.
fn verify_with<M: Mac + KeyInit, const N: usize>(
    template: &Template,
    request: &RawRequest<'_>,
    context: &VerifyContext<'_>,
) -> Result<Verified, VerifyError> {
    let header = request
        .header(template.signature_header)
        .ok_or(VerifyError::MissingHeader(template.signature_header))?;
    let format = SignatureFormat::new(template.prefix, encoding(template.encoding));
    // Every item of the header that is one `N`-byte digest in the template's format.
    let candidates: Vec<[u8; N]> = header
        .split([',', ' '])
        .filter_map(|item| format.decode(item.trim()))
        .collect();
    if candidates.is_empty() {
        return Err(VerifyError::MalformedHeader(template.signature_header));
    }
    let timestamp = match template.timestamp_header {
        Some(name) => {
            let text = request
                .header(name)
                .ok_or(VerifyError::MissingHeader(name))?;
            let seconds = parse_seconds(text.trim(), name)?;
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
    // Unused slots stay empty: they add nothing to the MAC's input.
    let signed: [&[u8]; 5] = match (template.signed, timestamp, id) {
        (Signed::Body, _, _) => [request.body, b"", b"", b"", b""],
        (Signed::TimestampBody, Some((ts, _)), _) => [ts.as_bytes(), b".", request.body, b"", b""],
        (Signed::IdTimestampBody, Some((ts, _)), Some(id)) => {
            [id.as_bytes(), b".", ts.as_bytes(), b".", request.body]
        }
        // The derive refuses these templates; answer as a bad request, never panic.
        _ => return Err(VerifyError::MalformedHeader(template.signature_header)),
    };
    let verified = match_hmac::<M, N>(context, &candidates, &signed)?;
    if let Some((_, seconds)) = timestamp {
        context.check_within(seconds)?;
    }
    Ok(verified)
}

/// The shared helpers' name for a template's encoding.
fn encoding(encoding: Encoding) -> signature::Encoding {
    match encoding {
        Encoding::Hex => signature::Encoding::Hex,
        Encoding::Base64 => signature::Encoding::Base64,
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
    let id = match (template.id_header, template.id_field) {
        (Some(name), _) => request.header(name).map(Cow::Borrowed),
        // An id the body lacks is no id: the delivery is still handled, not deduped.
        (None, Some(pointer)) => json_pointer_str(request.body, pointer).ok(),
        (None, None) => None,
    };
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

/// The signature header value a sender following `template` writes for `body`, keyed
/// with `secret`'s UTF-8 bytes: `id` and `timestamp` (the header texts) are used where
/// the template signs them. For tests of a declared provider, and the presets'
/// `sign.rs`.
///
/// # Panics
///
/// When the template signs `{timestamp}` or `{id}` and it is not given: a test's
/// mistake.
pub fn sign(
    template: &Template,
    secret: &str,
    id: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
) -> String {
    let timestamp = || {
        timestamp
            .expect("this template signs a timestamp")
            .as_bytes()
    };
    let signed: [&[u8]; 5] = match template.signed {
        Signed::Body => [body, b"", b"", b"", b""],
        Signed::TimestampBody => [timestamp(), b".", body, b"", b""],
        Signed::IdTimestampBody => [
            id.expect("this template signs an id").as_bytes(),
            b".",
            timestamp(),
            b".",
            body,
        ],
    };
    let key = secret.as_bytes();
    let digest: Vec<u8> = match template.algorithm {
        Algorithm::HmacSha1 => signature::mac::<Hmac<sha1::Sha1>>(key, &signed).to_vec(),
        Algorithm::HmacSha256 => signature::mac::<HmacSha256>(key, &signed).to_vec(),
        Algorithm::HmacSha512 => signature::mac::<Hmac<sha2::Sha512>>(key, &signed).to_vec(),
    };
    let encoded = match template.encoding {
        Encoding::Hex => hex::encode(digest),
        Encoding::Base64 => {
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, digest)
        }
    };
    [template.prefix, &encoded].concat()
}

/// The default tolerance of a template with a timestamp.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use http::{HeaderMap, HeaderValue, Uri};

    use super::*;
    use crate::secret::Secret;
    use crate::verify::signature::mac;

    const SHA1_HEX: Template = Template {
        signature_header: "x-sig",
        algorithm: Algorithm::HmacSha1,
        encoding: Encoding::Hex,
        prefix: "sha1=",
        signed: Signed::Body,
        timestamp_header: None,
        id_header: None,
        id_field: None,
        event: EventSource::Header("x-event"),
    };

    fn check(template: &Template, header: &str) -> Result<Verified, VerifyError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            template.signature_header,
            HeaderValue::from_str(header).unwrap(),
        );
        let secrets = [Secret::new("old"), Secret::new("key")];
        let context = VerifyContext {
            secrets: &secrets,
            tolerance: None,
            now: UNIX_EPOCH,
            public_url: None,
        };
        let request = RawRequest {
            headers: &headers,
            uri: &Uri::from_static("/"),
            body: b"body",
        };
        verify(template, &request, &context)
    }

    #[test]
    fn any_item_of_the_declared_length_and_format_may_match() {
        let digest = hex::encode(mac::<Hmac<sha1::Sha1>>(b"key", &[b"body"]));
        let good = format!("sha1={digest}");
        assert_eq!(check(&SHA1_HEX, &good), Ok(Verified { secret_index: 1 }));
        let listed = format!("sha1=00, {good} sha1=zz");
        assert_eq!(check(&SHA1_HEX, &listed), Ok(Verified { secret_index: 1 }));
        let other = format!("sha1={}", "00".repeat(20));
        assert_eq!(check(&SHA1_HEX, &other), Err(VerifyError::Mismatch));
        // No item is a 20-byte digest after the prefix: the header is malformed.
        let malformed = Err(VerifyError::MalformedHeader("x-sig"));
        for bad in [
            digest.as_str(),
            "sha1=",
            "sha1=00",
            &format!("sha1={digest}00"),
        ] {
            assert_eq!(check(&SHA1_HEX, bad), malformed, "{bad}");
        }
        let base64 = Template {
            encoding: Encoding::Base64,
            prefix: "",
            ..SHA1_HEX
        };
        let encoded = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            mac::<Hmac<sha1::Sha1>>(b"key", &[b"body"]),
        );
        assert_eq!(check(&base64, &encoded), Ok(Verified { secret_index: 1 }));
        assert_eq!(check(&base64, &good), malformed);
    }

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
