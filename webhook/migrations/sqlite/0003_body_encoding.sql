-- Bodies are stored compressed from now on: NULL is a body as received (every row
-- written before this migration, and bodies too small to shrink), 'lz4' an LZ4 block
-- with the original length prepended (4 bytes, little-endian). With durable
-- acknowledgements the disk's write bandwidth is the limit, and each body is written
-- twice (WAL, then checkpoint); a 20 KiB JSON body compresses to under 5 KiB.
ALTER TABLE delivery_payloads ADD COLUMN body_encoding TEXT;
