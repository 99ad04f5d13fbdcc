-- The delivery log of the `webhook` crate's store: every request an endpoint received,
-- accepted or rejected. Created in the store's own schema (default `webhook`, set as the
-- connection's search_path). Times are milliseconds since the Unix epoch, as on SQLite.
CREATE TABLE deliveries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider        TEXT   NOT NULL,
    endpoint        TEXT   NOT NULL,
    event           TEXT,                              -- NULL when rejected before parsing
    delivery_id     TEXT,                              -- the provider's id, if it sends one
    delivery_key    TEXT   NOT NULL,                   -- delivery_id, or 'sha256:<hex of body>'
    status          TEXT   NOT NULL CHECK (status IN
                        ('queued', 'processing', 'succeeded', 'failed', 'retrying', 'dead', 'rejected')),
    attempts        BIGINT NOT NULL DEFAULT 0,         -- handler runs started (reset by a replay)
    last_error      TEXT,                              -- last handler error, or why rejected
    secret_index    BIGINT,                            -- which configured secret verified it
    received_at     BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    claimed_by      TEXT,                              -- the worker that claimed it last
    lease_until     BIGINT,                            -- 'processing': the claim holds until then
    next_attempt_at BIGINT,                            -- 'retrying': due then
    headers         TEXT   NOT NULL,                   -- JSON [[name, value], ...], secrets redacted
    body            BYTEA  NOT NULL
);

-- Dedupe: at most one accepted row per delivery, across every instance. Rejected
-- requests take no part, so a forged copy can never block the genuine delivery.
CREATE UNIQUE INDEX deliveries_dedupe
    ON deliveries (provider, endpoint, delivery_key)
    WHERE status <> 'rejected';

-- Claiming: only the rows that still have work to do.
CREATE INDEX deliveries_pending
    ON deliveries (status, id)
    WHERE status IN ('queued', 'retrying', 'processing');

-- Listing, replay by time range, pruning.
CREATE INDEX deliveries_received ON deliveries (received_at);
