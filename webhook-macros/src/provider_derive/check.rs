//! The rules a declared provider's template must follow, each a small `check_*` fn.

use proc_macro2::{Ident, Span};
use syn::LitStr;
use webhook_catalog::suggest::hint;

use super::parse::{Attr, Model};
use crate::errors::Errors;

/// The validated provider `expand` reads. Every value keeps the span of the token it
/// was read from; a default takes the span of the struct's name.
pub(super) struct Checked {
    pub(super) ident: Ident,
    pub(super) name: LitStr,
    pub(super) secret_env: LitStr,
    pub(super) template: Template,
    pub(super) tolerance: Tolerance,
    pub(super) events: Option<Vec<LitStr>>,
}

/// The signature scheme, field for field the runtime's `declared::Template`.
pub(super) struct Template {
    pub(super) signature_header: LitStr,
    pub(super) algorithm: Variant,
    pub(super) encoding: Variant,
    pub(super) prefix: LitStr,
    pub(super) signed: Variant,
    pub(super) timestamp_header: Option<LitStr>,
    pub(super) id_header: Option<LitStr>,
    pub(super) id_field: Option<LitStr>,
    pub(super) event: EventSource,
}

/// The `declared` enum variant an enumerated key selects (`Algorithm::HmacSha256`).
pub(super) struct Variant {
    pub(super) name: &'static str,
    pub(super) span: Span,
}

pub(super) enum EventSource {
    Header(LitStr),
    Field(LitStr),
}

/// The largest accepted age of a signed timestamp.
pub(super) enum Tolerance {
    /// `tolerance_secs` as written.
    Written { secs: u64, span: Span },
    /// A timestamp is signed and `tolerance_secs` is absent: the runtime's default.
    Default,
    /// No timestamp is signed: no age check.
    Off,
}

/// An enumerated key: each value as written, the `declared` variant it selects, and the
/// value taken when the key is absent (the docs' table of defaults says the same).
struct Choices {
    key: &'static str,
    values: &'static [(&'static str, &'static str)],
    default: &'static str,
}

const ALGORITHMS: Choices = Choices {
    key: "algorithm",
    values: &[
        ("hmac-sha1", "HmacSha1"),
        ("hmac-sha256", "HmacSha256"),
        ("hmac-sha512", "HmacSha512"),
    ],
    default: "hmac-sha256",
};
const ENCODINGS: Choices = Choices {
    key: "encoding",
    values: &[("hex", "Hex"), ("base64", "Base64")],
    default: "hex",
};
const TEMPLATES: Choices = Choices {
    key: "signed",
    values: &[
        ("{body}", "Body"),
        ("{timestamp}.{body}", "TimestampBody"),
        ("{id}.{timestamp}.{body}", "IdTimestampBody"),
    ],
    default: "{body}",
};

pub(super) fn check(model: Model, errors: &Errors) -> Option<Checked> {
    let Model { ident, attr, span } = model;
    let Attr {
        name,
        signature_header,
        algorithm,
        encoding,
        prefix,
        signed,
        timestamp_header,
        tolerance_secs,
        id_header,
        id_field,
        event_header,
        event_field,
        events,
        secret_env,
        malformed,
    } = attr;
    let required = |value: &Option<LitStr>, key: &str, example: &str| {
        if value.is_none() && !malformed {
            errors.error_at(
                span,
                format!("missing `{key} = …`, e.g. `{key} = {example}`"),
            );
        }
    };
    required(&name, "name", "\"acme\"");
    required(
        &signature_header,
        "signature_header",
        "\"X-Acme-Signature\"",
    );
    let name = name.filter(|name| check_name(name, errors));
    let signature_header = signature_header.filter(|header| check_header(header, errors));
    let default_span = ident.span();
    let algorithm = choose(algorithm.as_ref(), &ALGORITHMS, default_span, errors);
    let encoding = choose(encoding.as_ref(), &ENCODINGS, default_span, errors);
    let signed_variant = choose(signed.as_ref(), &TEMPLATES, default_span, errors);
    check_template_inputs(signed.as_ref(), &timestamp_header, &id_header, errors);
    check_tolerance_needs_timestamp(tolerance_secs.as_ref(), &timestamp_header, errors);
    let event = check_one_event_source(event_header, event_field, span, malformed, errors);
    let id_field = id_field.filter(|field| check_id_field(field, id_header.as_ref(), errors));
    for header in [&timestamp_header, &id_header].into_iter().flatten() {
        check_header(header, errors);
    }
    let events = events.map(|events| check_events(events, errors));
    let tolerance = match tolerance_secs {
        Some(secs) => secs
            .base10_parse::<u64>()
            .map(|value| Tolerance::Written {
                secs: value,
                span: secs.span(),
            })
            .map_err(|error| errors.push(error))
            .ok(),
        None if timestamp_header.is_some() => Some(Tolerance::Default),
        None => Some(Tolerance::Off),
    };
    let name = name?;
    let secret_env = secret_env.unwrap_or_else(|| {
        let variable = name.value().to_ascii_uppercase().replace('-', "_");
        LitStr::new(&format!("{variable}_WEBHOOK_SECRET"), name.span())
    });
    let template = Template {
        signature_header: signature_header?,
        algorithm: algorithm?,
        encoding: encoding?,
        prefix: prefix.unwrap_or_else(|| LitStr::new("", default_span)),
        signed: signed_variant?,
        timestamp_header,
        id_header,
        id_field,
        event: event?,
    };
    Some(Checked {
        ident,
        name,
        secret_env,
        template,
        tolerance: tolerance?,
        events,
    })
}

/// Rule: the name is lowercase letters, digits, `_` and `-` (it is a path segment).
fn check_name(name: &LitStr, errors: &Errors) -> bool {
    let value = name.value();
    let valid = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !valid {
        errors.error_spanned(
            name,
            "a provider name is lowercase letters, digits, `_` and `-`, e.g. `\"acme\"`",
        );
    }
    valid
}

/// Rule: header names are valid HTTP header names.
fn check_header(header: &LitStr, errors: &Errors) -> bool {
    let value = header.value();
    let valid = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid {
        errors.error_spanned(header, format!("`{value}` is not a valid HTTP header name"));
    }
    valid
}

/// Rule: an enumerated value is one of its choices (with a "did you mean"); absent
/// means the table's default, spanned at `default_span`.
fn choose(
    value: Option<&LitStr>,
    choices: &Choices,
    default_span: Span,
    errors: &Errors,
) -> Option<Variant> {
    let Choices {
        key,
        values,
        default,
    } = choices;
    let variant = |text: &str, span: Span| {
        let found = values.iter().find(|(name, _)| *name == text);
        found.map(|(_, name)| Variant { name, span })
    };
    let Some(value) = value else {
        // A unit test checks that every default is one of its values.
        return variant(default, default_span);
    };
    let text = value.value();
    if let Some(variant) = variant(&text, value.span()) {
        return Some(variant);
    }
    let names = values.iter().map(|(name, _)| *name);
    errors.error_spanned(
        value,
        format!("unknown {key} `{text}`{}", hint(&text, names)),
    );
    None
}

/// Rule: `{timestamp}` needs `timestamp_header`, `{id}` needs `id_header`.
fn check_template_inputs(
    signed: Option<&LitStr>,
    timestamp_header: &Option<LitStr>,
    id_header: &Option<LitStr>,
    errors: &Errors,
) {
    let Some(signed) = signed else { return };
    let text = signed.value();
    if text.contains("{timestamp}") && timestamp_header.is_none() {
        errors.error_spanned(
            signed,
            "this template signs `{timestamp}`: add `timestamp_header = \"…\"`",
        );
    }
    if text.contains("{id}") && id_header.is_none() {
        errors.error_spanned(
            signed,
            "this template signs `{id}`: add `id_header = \"…\"`",
        );
    }
}

/// Rule: `id_field` is a JSON pointer, and the id comes from one place: a header or a
/// field, not both.
fn check_id_field(field: &LitStr, id_header: Option<&LitStr>, errors: &Errors) -> bool {
    let pointer = field.value();
    if !pointer.starts_with('/') {
        errors.error_spanned(
            field,
            format!("`id_field` is a JSON pointer; write `\"/{pointer}\"`"),
        );
        return false;
    }
    if id_header.is_some() {
        errors.error_spanned(field, "give either `id_header` or `id_field`, not both");
        return false;
    }
    true
}

/// Rule: a tolerance only makes sense with a signed timestamp.
fn check_tolerance_needs_timestamp(
    tolerance: Option<&syn::LitInt>,
    timestamp_header: &Option<LitStr>,
    errors: &Errors,
) {
    if let (Some(tolerance), None) = (tolerance, timestamp_header) {
        errors.error_spanned(
            tolerance,
            "`tolerance_secs` needs a signed timestamp: add `timestamp_header = \"…\"`",
        );
    }
}

/// Rule: exactly one of `event_header` and `event_field`; a field is a JSON pointer.
fn check_one_event_source(
    header: Option<LitStr>,
    field: Option<LitStr>,
    span: proc_macro2::Span,
    malformed: bool,
    errors: &Errors,
) -> Option<EventSource> {
    match (header, field) {
        (Some(header), None) => {
            check_header(&header, errors).then_some(EventSource::Header(header))
        }
        (None, Some(field)) => {
            let pointer = field.value();
            if !pointer.starts_with('/') {
                errors.error_spanned(
                    &field,
                    format!("`event_field` is a JSON pointer; write `\"/{pointer}\"`"),
                );
                return None;
            }
            Some(EventSource::Field(field))
        }
        (Some(_), Some(field)) => {
            errors.error_spanned(
                &field,
                "give either `event_header` or `event_field`, not both",
            );
            None
        }
        (None, None) => {
            if !malformed {
                errors.error_at(
                    span,
                    "missing the event name's place: `event_header = \"X-Acme-Event\"` or `event_field = \"/type\"`",
                );
            }
            None
        }
    }
}

/// Rule: catalog names are non-empty, without `*`, each listed once.
fn check_events(events: Vec<LitStr>, errors: &Errors) -> Vec<LitStr> {
    let mut names: Vec<LitStr> = Vec::new();
    for event in events {
        let name = event.value();
        if name.is_empty() || name.contains('*') {
            errors.error_spanned(event, "an event name is non-empty and has no `*`");
        } else if names.iter().any(|earlier| earlier.value() == name) {
            errors.error_spanned(event, format!("event `{name}` is listed twice"));
        } else {
            names.push(event);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLES: [&Choices; 3] = [&ALGORITHMS, &ENCODINGS, &TEMPLATES];

    #[test]
    fn every_default_is_one_of_its_values() {
        for Choices {
            key,
            values,
            default,
        } in TABLES
        {
            assert!(
                values.iter().any(|(name, _)| name == default),
                "the default {key} `{default}` is not one of its values"
            );
        }
    }

    /// The derive's docs in `lib.rs` list each default; they must say what the code does.
    #[test]
    fn the_docs_show_every_default() {
        let docs = include_str!("../lib.rs");
        for Choices {
            key,
            values: _,
            default,
        } in TABLES
        {
            let row = format!("/// | `{key}` | `\"{default}\"` |");
            assert!(docs.contains(&row), "lib.rs lacks the row {row}");
        }
    }
}
