-- Headers and body move to a table of their own. SQLite rewrites a whole row (overflow
-- pages included) whenever a column of it changes size, so with a 24 KiB body inline
-- every claim and every completion wrote some 57 KiB of WAL; now they write a page.
-- Payloads are written once, read by claims and `get`, and deleted with their row.
CREATE TABLE delivery_payloads (
    id      INTEGER PRIMARY KEY REFERENCES deliveries (id) ON DELETE CASCADE,
    headers TEXT NOT NULL,                             -- JSON [[name, value], ...], secrets redacted
    body    BLOB NOT NULL
);

INSERT INTO delivery_payloads (id, headers, body) SELECT id, headers, body FROM deliveries;

ALTER TABLE deliveries DROP COLUMN headers;
ALTER TABLE deliveries DROP COLUMN body;
