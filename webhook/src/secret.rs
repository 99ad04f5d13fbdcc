//! Signing secrets: kept as bytes, never printed.

use std::fmt;

/// One signing secret (or verification key) of an endpoint.
///
/// Its `Debug` is redacted and it has no `Display`, so a secret can sit in any struct
/// that is logged without leaking. Compare through the provider's verifier only.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<[u8]>);

impl Secret {
    /// A secret from its raw bytes (for HMAC providers: the secret string's UTF-8 bytes).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Secret(bytes.into().into_boxed_slice())
    }

    /// The key bytes, for verifiers.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Splits a comma-separated list of secrets (the form the `*_WEBHOOK_SECRET` variables
/// take), trimming spaces and skipping empty items.
pub(crate) fn split_secret_list(list: &str) -> impl Iterator<Item = &str> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::new("whsec_very_secret");
        let printed = format!("{secret:?} {:?}", vec![secret.clone()]);
        assert!(!printed.contains("very_secret"), "{printed}");
        assert!(printed.contains("<redacted>"));
    }

    #[test]
    fn lists_split_on_commas() {
        let items: Vec<&str> = split_secret_list(" a, b ,,c ").collect();
        assert_eq!(items, ["a", "b", "c"]);
    }
}
