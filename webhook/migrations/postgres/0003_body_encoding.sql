-- Bodies are compressed by the store before they are sent (see the crate's `packing`
-- module): NULL is a body as received (rows written before this migration, and bodies
-- too small to shrink), 'lz4' an LZ4 block with the original length prepended (4 bytes,
-- little-endian). The server no longer compresses them again: EXTERNAL keeps large
-- values out of line without compression. Headers keep migration 2's lz4.
ALTER TABLE deliveries ADD COLUMN body_encoding TEXT;
ALTER TABLE deliveries ALTER COLUMN body SET STORAGE EXTERNAL;
