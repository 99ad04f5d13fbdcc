//! Every path generated code names, in one place. All are absolute and go through
//! `::webhook::__private`, so user crates need only `webhook` in their dependencies.

//!
//! Generated tokens take the span of a token the user wrote (see `handler::expand`), so
//! each function here takes the span to give its tokens.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote_spanned;
use webhook_catalog::Builtin;

pub(crate) fn private(span: Span) -> TokenStream {
    quote_spanned!(span=> ::webhook::__private)
}

/// The provider type of a built-in provider name, if it is one: its module's
/// `Provider` in `__private` (a stand-in when the provider's feature is off, which
/// [`builtin_provider_enabled`] reports).
pub(crate) fn builtin_provider(name: &str, span: Span) -> Option<TokenStream> {
    let builtin = Builtin::by_name(name)?;
    let private = private(span);
    let module = Ident::new(builtin.name, span);
    Some(quote_spanned!(span=> #private::#module::Provider))
}

/// `const _: () = __private::<name>::enabled();`, which fails to compile, saying which
/// feature of `webhook` to turn on, when the built-in provider `name` is not enabled.
pub(crate) fn builtin_provider_enabled(name: &str, span: Span) -> TokenStream {
    let Some(builtin) = Builtin::by_name(name) else {
        return TokenStream::new();
    };
    let private = private(span);
    let module = Ident::new(builtin.name, span);
    quote_spanned!(span=> const _: () = #private::#module::enabled();)
}

/// The built-in provider names, in the order messages list them (from the one list in
/// `webhook_catalog::with_builtin_providers!`).
pub(crate) use webhook_catalog::BUILTIN_NAMES as BUILTIN_PROVIDERS;
