//! Signatures as headers write them (`sha256=<hex>`, `v0=<hex>`, bare lowercase hex,
//! base64), decoded onto the stack, and the keyed MACs they are compared with.
//!
//! ```text
//! const SIGNATURE: SignatureFormat = SignatureFormat::new("sha256=", Encoding::Hex);
//!
//! let signature = SIGNATURE.read::<32>(request, &HEADER, "X-Hub-Signature-256")?;
//! match_hmac::<HmacSha256, 32>(context, &[signature], &[request.body])
//! ```

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::digest::typenum::Unsigned;
use hmac::digest::{KeyInit, Output, OutputSizeUser};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{match_any_secret, Verified, VerifyContext, VerifyError};

/// HMAC-SHA256, the MAC of most providers.
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// The longest digest decoded here (HMAC-SHA512's): it sizes the base64 scratch buffer.
const MAX_DIGEST_BYTES: usize = 64;

/// How a digest's bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// Hex digits, either case.
    Hex,
    /// Lowercase hex digits only, for senders whose SDKs compare the hex text.
    #[cfg(feature = "linear")]
    LowerHex,
    /// Standard base64 with padding; non-canonical trailing bits are refused, so one
    /// digest has one accepted spelling.
    Base64,
}

impl Encoding {
    /// The digest of exactly `N` bytes that `text` writes; `None` for any other length,
    /// a character outside the encoding, or missing padding.
    #[inline]
    pub(crate) fn decode<const N: usize>(self, text: &str) -> Option<[u8; N]> {
        match self {
            Encoding::Hex => decode_hex(text),
            #[cfg(feature = "linear")]
            Encoding::LowerHex => {
                let lowercase = text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
                if lowercase {
                    decode_hex(text)
                } else {
                    None
                }
            }
            Encoding::Base64 => decode_base64(text),
        }
    }
}

/// Exactly `2 * N` hex digits, either case.
#[inline]
fn decode_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

/// Standard, padded base64 of exactly `N` bytes, decoded without allocating.
#[inline]
fn decode_base64<const N: usize>(text: &str) -> Option<[u8; N]> {
    const { assert!(N <= MAX_DIGEST_BYTES) };
    if Some(text.len()) != base64::encoded_len(N, true) {
        return None;
    }
    // The engine wants room for whole quads (up to two bytes more than `N`).
    let mut scratch = [0u8; MAX_DIGEST_BYTES + 2];
    let written = STANDARD.decode_slice(text, &mut scratch).ok()?;
    if written != N {
        return None;
    }
    let mut out = [0u8; N];
    out.copy_from_slice(scratch.get(..N)?);
    Some(out)
}

/// How a provider writes one signature: a fixed prefix (`sha256=`, `v0=`, or none),
/// then the digest in an [`Encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SignatureFormat {
    /// Text before the digest, or empty.
    pub(crate) prefix: &'static str,
    /// How the digest is written after the prefix.
    pub(crate) encoding: Encoding,
}

impl SignatureFormat {
    /// `prefix` then a digest in `encoding`.
    pub(crate) const fn new(prefix: &'static str, encoding: Encoding) -> Self {
        SignatureFormat { prefix, encoding }
    }

    /// The `N`-byte digest `text` carries; `None` when the prefix is missing (it is
    /// case-sensitive) or the rest is not exactly one digest in the encoding.
    #[inline]
    pub(crate) fn decode<const N: usize>(&self, text: &str) -> Option<[u8; N]> {
        self.encoding.decode(text.strip_prefix(self.prefix)?)
    }

    /// The one signature of header `name` (named `display` in errors): a missing
    /// header is [`VerifyError::MissingHeader`], one not in this format
    /// [`VerifyError::MalformedHeader`]. A repeated header is read from its first value.
    #[cfg(any(
        feature = "github",
        feature = "linear",
        feature = "square",
        feature = "twitch",
        feature = "typeform",
        feature = "zoom"
    ))]
    #[inline]
    pub(crate) fn read<const N: usize>(
        &self,
        request: &crate::provider::RawRequest<'_>,
        name: impl http::header::AsHeaderName,
        display: &'static str,
    ) -> Result<[u8; N], VerifyError> {
        let value = request.required_header(name, display)?;
        self.decode(value)
            .ok_or(VerifyError::MalformedHeader(display))
    }

    /// `digest` written in this format (hex in lowercase), for signing in tests.
    #[cfg(any(
        feature = "github",
        feature = "linear",
        feature = "shopify",
        feature = "slack",
        feature = "square",
        feature = "twitch",
        feature = "typeform",
        feature = "zoom"
    ))]
    pub(crate) fn encode(&self, digest: &[u8]) -> String {
        let encoded = match self.encoding {
            Encoding::Hex => hex::encode(digest),
            #[cfg(feature = "linear")]
            Encoding::LowerHex => hex::encode(digest),
            Encoding::Base64 => STANDARD.encode(digest),
        };
        [self.prefix, &encoded].concat()
    }
}

/// The MAC `M` (e.g. [`HmacSha256`]) of the concatenation of `parts`, keyed with `key`.
#[inline]
pub(crate) fn mac<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> Output<M> {
    let mut keyed = <M as KeyInit>::new_from_slice(key).expect("HMAC accepts any key length");
    for part in parts {
        keyed.update(part);
    }
    keyed.finalize().into_bytes()
}

/// The first configured secret whose MAC `M` of the concatenation of `signed` equals
/// any of `candidates`, every comparison in constant time. `N` must be `M`'s output
/// length (checked at compile time).
#[inline]
pub(crate) fn match_hmac<M: Mac + KeyInit, const N: usize>(
    context: &VerifyContext<'_>,
    candidates: &[[u8; N]],
    signed: &[&[u8]],
) -> Result<Verified, VerifyError> {
    const { assert!(N == <<M as OutputSizeUser>::OutputSize as Unsigned>::USIZE) };
    match_any_secret(context, candidates, |secret| {
        mac::<M>(secret.expose(), signed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GITHUB: SignatureFormat = SignatureFormat::new("sha256=", Encoding::Hex);
    const SHOPIFY: SignatureFormat = SignatureFormat::new("", Encoding::Base64);
    /// HMAC-SHA256 of `Hello, World!` keyed `It's a Secret to Everybody` (GitHub's docs).
    const DIGEST_HEX: &str = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    const DIGEST_BASE64: &str = "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=";

    fn digest() -> [u8; 32] {
        decode_hex(DIGEST_HEX).unwrap()
    }

    #[test]
    fn hex_takes_either_case_and_exactly_the_length() {
        assert_eq!(Encoding::Hex.decode::<2>("00ff"), Some([0, 255]));
        assert_eq!(Encoding::Hex.decode::<2>("00FF"), Some([0, 255]));
        for bad in ["", "00f", "00ff00", "zzzz", " 00ff", "00ff ", "+0ff"] {
            assert_eq!(Encoding::Hex.decode::<2>(bad), None, "{bad:?}");
        }
    }

    #[cfg(feature = "linear")]
    #[test]
    fn lowercase_hex_refuses_uppercase() {
        assert_eq!(Encoding::LowerHex.decode::<2>("00ff"), Some([0, 255]));
        assert_eq!(Encoding::LowerHex.decode::<2>("00fF"), None);
        assert_eq!(Encoding::LowerHex.decode::<2>("00f"), None);
        assert_eq!(Encoding::LowerHex.decode::<2>(""), None);
    }

    #[test]
    fn base64_is_standard_padded_canonical_and_exactly_the_length() {
        assert_eq!(Encoding::Base64.decode::<32>(DIGEST_BASE64), Some(digest()));
        let unpadded = DIGEST_BASE64.trim_end_matches('=');
        let url_safe = "dXEH6g6yUJ_CESIczphLijdXC211hsIsRvQ3nIsEPhc=";
        // The last character's unused low bits are set: a second spelling, refused.
        let noncanonical = "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhd=";
        let too_long = "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhcA";
        for bad in [
            "",
            "AAAA",
            unpadded,
            url_safe,
            noncanonical,
            too_long,
            DIGEST_HEX,
            "not base64 at all, but forty-four chars long",
        ] {
            assert_eq!(Encoding::Base64.decode::<32>(bad), None, "{bad:?}");
        }
        // Other lengths: a SHA-1 and a SHA-512 digest.
        assert_eq!(
            Encoding::Base64.decode::<20>("AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            Some([0; 20])
        );
        let sha512 = STANDARD.encode([7u8; 64]);
        assert_eq!(Encoding::Base64.decode::<64>(&sha512), Some([7; 64]));
        assert_eq!(Encoding::Base64.decode::<32>(&sha512), None);
    }

    #[test]
    fn a_format_needs_its_prefix_then_one_digest() {
        let header = format!("sha256={DIGEST_HEX}");
        assert_eq!(GITHUB.decode::<32>(&header), Some(digest()));
        for bad in [
            DIGEST_HEX.to_owned(),
            format!("SHA256={DIGEST_HEX}"),
            format!("sha1={DIGEST_HEX}"),
            format!(" sha256={DIGEST_HEX}"),
            format!("sha256={DIGEST_HEX},sha256={DIGEST_HEX}"),
            "sha256=".to_owned(),
            "sha256".to_owned(),
            String::new(),
        ] {
            assert_eq!(GITHUB.decode::<32>(&bad), None, "{bad:?}");
        }
        assert_eq!(SHOPIFY.decode::<32>(DIGEST_BASE64), Some(digest()));
        assert_eq!(SHOPIFY.decode::<32>(DIGEST_HEX), None);
    }

    #[cfg(feature = "github")]
    #[test]
    fn encode_is_the_inverse_of_decode() {
        assert_eq!(GITHUB.encode(&digest()), format!("sha256={DIGEST_HEX}"));
        assert_eq!(SHOPIFY.encode(&digest()), DIGEST_BASE64);
    }

    #[test]
    fn mac_is_generic_over_the_algorithm() {
        let parts: [&[u8]; 2] = [b"Hello, ", b"World!"];
        let key = b"It's a Secret to Everybody";
        assert_eq!(mac::<HmacSha256>(key, &parts).as_slice(), digest());
        assert_eq!(mac::<Hmac<sha1::Sha1>>(key, &parts).len(), 20);
        assert_eq!(mac::<Hmac<sha2::Sha512>>(key, &parts).len(), 64);
    }

    #[test]
    fn match_hmac_finds_the_first_matching_secret() {
        use std::time::SystemTime;

        use crate::secret::Secret;

        let secrets = [
            Secret::new("old"),
            Secret::new("It's a Secret to Everybody"),
        ];
        let context = VerifyContext {
            secrets: &secrets,
            tolerance: None,
            now: SystemTime::now(),
            public_url: None,
        };
        let body: &[&[u8]] = &[b"Hello, World!"];
        let verified = match_hmac::<HmacSha256, 32>(&context, &[[0; 32], digest()], body);
        assert_eq!(verified, Ok(Verified { secret_index: 1 }));
        assert_eq!(
            match_hmac::<HmacSha256, 32>(&context, &[[0; 32]], body),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            match_hmac::<HmacSha256, 32>(&context, &[], body),
            Err(VerifyError::Mismatch)
        );
    }
}
