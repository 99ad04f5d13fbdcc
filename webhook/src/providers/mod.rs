//! Built-in providers, one folder each, each behind a Cargo feature (see
//! [`webhook_catalog::with_builtin_providers!`], the one list of them).

#[macro_use]
mod presets;

/// Declares each provider's module, behind its feature.
macro_rules! provider_modules {
    ($($name:ident $feature:literal $type:ident [$($catalog:ident)?],)*) => {
        $(
            #[cfg(feature = $feature)]
            pub mod $name;
        )*
    };
}

webhook_catalog::with_builtin_providers!(provider_modules);

#[cfg(test)]
mod tests;
