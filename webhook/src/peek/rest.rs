//! The rest of a peeked envelope: parsed on first use, unless a typed parameter parsed
//! (and so validated) the whole body first.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use crate::provider::EnvelopeError;

/// An envelope's fields beyond what was peeked, and whether the body is known valid.
#[derive(Debug)]
pub(crate) struct Rest<F> {
    fields: OnceLock<Result<F, EnvelopeError>>,
    validated: AtomicBool,
}

impl<F> Rest<F> {
    /// Nothing parsed yet.
    pub(crate) fn unparsed() -> Self {
        Rest {
            fields: OnceLock::new(),
            validated: AtomicBool::new(false),
        }
    }

    /// Parsed already (the peek failed and the envelope was parsed whole).
    pub(crate) fn parsed(fields: F) -> Self {
        Rest {
            fields: OnceLock::from(Ok(fields)),
            validated: AtomicBool::new(false),
        }
    }

    /// The fields, parsed by `parse` on first use.
    pub(crate) fn get_or_parse(
        &self,
        parse: impl FnOnce() -> Result<F, EnvelopeError>,
    ) -> Result<&F, EnvelopeError> {
        self.fields
            .get_or_init(parse)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The fields when they were parsed already.
    pub(crate) fn get(&self) -> Option<&Result<F, EnvelopeError>> {
        self.fields.get()
    }

    /// A typed parameter parsed the whole body: it is valid.
    pub(crate) fn mark_validated(&self) {
        self.validated.store(true, Ordering::Relaxed);
    }

    /// `Ok` once the body is known valid: validated whole, or its fields parsed.
    pub(crate) fn finish(
        &self,
        parse: impl FnOnce() -> Result<F, EnvelopeError>,
    ) -> Result<(), EnvelopeError> {
        if self.validated.load(Ordering::Relaxed) {
            return Ok(());
        }
        self.get_or_parse(parse).map(drop)
    }
}
