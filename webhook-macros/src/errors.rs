//! The error collector: every check reports into it, and all errors come out at once.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

/// Collects errors across parse and check (serde's `Ctxt`, darling's `Accumulator`).
///
/// Dropping it without calling [`Errors::finish`] is a bug in this crate and panics,
/// so no error can be lost on the way out.
pub(crate) struct Errors {
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Errors {
    pub(crate) fn new() -> Self {
        Errors {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Reports `message` with the caret on `tokens`.
    pub(crate) fn error_spanned(&self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Reports `message` at `span`.
    pub(crate) fn error_at(&self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Reports an error syn produced.
    pub(crate) fn push(&self, error: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("errors already finished")
            .push(error);
    }

    /// Ends collection: `Err` with every error combined, or `Ok`.
    pub(crate) fn finish(self) -> Result<(), syn::Error> {
        let errors = self
            .errors
            .borrow_mut()
            .take()
            .expect("errors already finished");
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}

impl Drop for Errors {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("webhook-macros: Errors dropped without finish()");
        }
    }
}

/// Turns a macro's result into tokens: the expansion, or `recovery` applied to every
/// error (an attribute emits the user's item as written next to them, so one mistake is
/// one error; an expression macro, a block with them and a stand-in value).
/// With `WEBHOOK_MACROS_DEBUG` set, prints the expansion to stderr.
pub(crate) fn output(
    macro_name: &str,
    result: Result<TokenStream, syn::Error>,
    recovery: impl FnOnce(TokenStream) -> TokenStream,
) -> proc_macro::TokenStream {
    let tokens = match result {
        Ok(tokens) => tokens,
        Err(error) => recovery(error.to_compile_error()),
    };
    if std::env::var_os("WEBHOOK_MACROS_DEBUG").is_some() {
        eprintln!("--- {macro_name} expansion ---\n{tokens}\n---");
    }
    tokens.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combines_every_error() {
        let errors = Errors::new();
        errors.error_at(Span::call_site(), "first");
        errors.error_at(Span::call_site(), "second");
        let combined = errors.finish().unwrap_err();
        let messages: Vec<String> = combined.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(messages, ["first", "second"]);
    }

    #[test]
    fn no_errors_is_ok() {
        assert!(Errors::new().finish().is_ok());
    }

    #[test]
    #[should_panic(expected = "dropped without finish")]
    fn dropping_unchecked_panics() {
        let _errors = Errors::new();
    }
}
