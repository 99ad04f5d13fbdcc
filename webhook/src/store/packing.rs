//! How a body is kept in the store: LZ4-compressed (the block format, the original
//! length prepended as 4 little-endian bytes), in the request's task, before it reaches
//! the single writer. With durable acknowledgements, SQLite is limited by the disk's
//! write bandwidth (every body is written twice: to the WAL, then by the checkpoint),
//! and PostgreSQL by the writer's time inside the server: smaller bodies, more
//! deliveries acknowledged. A row's `body_encoding` says how its body is stored: `NULL`
//! as received (rows from before, and bodies too small to shrink), `'lz4'` compressed.

use bytes::Bytes;

/// The `body_encoding` of an LZ4-compressed body.
pub(crate) const LZ4: &str = "lz4";

/// A body as the store keeps it, with its `body_encoding`: compressed, unless that
/// would not make it smaller (an empty or tiny body), then as it came.
pub(crate) fn pack(body: Bytes) -> (Bytes, Option<&'static str>) {
    let packed = lz4_flex::compress_prepend_size(&body);
    if packed.len() < body.len() {
        (Bytes::from(packed), Some(LZ4))
    } else {
        (body, None)
    }
}

/// The body a row holds, given its `body_encoding`.
pub(crate) fn unpack(encoding: Option<&str>, stored: Vec<u8>) -> Result<Vec<u8>, String> {
    match encoding {
        None => Ok(stored),
        Some(LZ4) => unpack_lz4(&stored),
        Some(other) => Err(format!(
            "its body is stored as {other:?}, which this version cannot read \
             (written by a newer one?)"
        )),
    }
}

/// LZ4 expands at most 255-fold: a larger recorded length is damage, refused before it
/// is allocated.
fn unpack_lz4(stored: &[u8]) -> Result<Vec<u8>, String> {
    let damaged =
        |error: lz4_flex::block::DecompressError| format!("its body does not decompress ({error})");
    let (length, compressed) = lz4_flex::block::uncompressed_size(stored).map_err(damaged)?;
    if length > compressed.len().saturating_mul(255).saturating_add(16) {
        return Err(format!(
            "its body's recorded length ({length} bytes) cannot come from {} compressed bytes",
            compressed.len()
        ));
    }
    let body = lz4_flex::block::decompress(compressed, length).map_err(damaged)?;
    if body.len() != length {
        return Err(format!(
            "its body decompresses to {} bytes, not the {length} recorded",
            body.len()
        ));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_body_unpacks_to_the_same_bytes() {
        let body = br#"{"action":"opened","number":1,"pull_request":{"title":"x"}}"#.repeat(40);
        let (packed, encoding) = pack(Bytes::from(body.clone()));
        assert_eq!(encoding, Some(LZ4), "JSON compresses");
        assert!(packed.len() < body.len() / 4, "{} bytes", packed.len());
        assert_eq!(unpack(Some(LZ4), packed.to_vec()).unwrap(), body);
    }

    #[test]
    fn a_body_that_does_not_shrink_is_stored_as_it_came() {
        assert_eq!(pack(Bytes::new()), (Bytes::new(), None));
        assert_eq!(
            pack(Bytes::from_static(b"{}")),
            (Bytes::from_static(b"{}"), None)
        );
        assert_eq!(unpack(None, b"{}".to_vec()).unwrap(), b"{}");
    }

    #[test]
    fn a_damaged_or_unknown_body_is_an_error_not_a_panic() {
        let error = unpack(Some(LZ4), vec![0xff, 0xff, 0xff, 0x7f, 1, 2]).unwrap_err();
        assert!(
            error.contains("cannot come from 2 compressed bytes"),
            "{error}"
        );
        let mut packed = pack(Bytes::from(b"{\"a\":1}".repeat(50))).0.to_vec();
        packed.truncate(packed.len() - 3);
        let error = unpack(Some(LZ4), packed).unwrap_err();
        assert!(error.contains("does not decompress"), "{error}");
        let error = unpack(Some("zstd"), vec![1]).unwrap_err();
        assert!(error.contains("\"zstd\""), "{error}");
    }
}
