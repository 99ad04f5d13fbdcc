-- The outbox of outgoing webhooks (`webhook::outgoing::outbox`): the endpoints each
-- tenant (the application's own customer) registered, the messages sent to them, and
-- every attempt to deliver a message to an endpoint. Times are milliseconds since the
-- Unix epoch, read from the sending application's clock.
CREATE TABLE outbox_endpoints (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant          TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    event_types     TEXT    NOT NULL,   -- JSON ["invoice.paid", "customer.*", "*"]
    secrets         TEXT    NOT NULL,   -- JSON [{"secret": "whsec_…", "expires_at": ms | null}], newest first
    enabled         INTEGER NOT NULL,   -- 0 or 1
    disabled_reason TEXT,
    rate_limit      INTEGER,            -- attempts per second, NULL for none
    headers         TEXT    NOT NULL,   -- JSON [[name, value], ...]
    retry_schedule  TEXT,               -- JSON [ms, ...] between attempts, NULL for the default
    failing_since   INTEGER,            -- first failure of the current run of failures
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- Per-tenant listings, and the fan-out's lookup of a tenant's endpoints.
CREATE INDEX outbox_endpoints_tenant ON outbox_endpoints (tenant, id);

CREATE TABLE outbox_messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id      TEXT    NOT NULL UNIQUE,  -- the `webhook-id` of every attempt
    tenant          TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    payload         BLOB    NOT NULL,         -- the JSON body sent
    idempotency_key TEXT,
    created_at      INTEGER NOT NULL
);

-- The same idempotency key twice from one tenant is one message.
CREATE UNIQUE INDEX outbox_messages_idempotency
    ON outbox_messages (tenant, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Per-tenant listings, and recovery by time.
CREATE INDEX outbox_messages_tenant ON outbox_messages (tenant, created_at);

-- One row per attempt (made, or waiting to be made) of one message to one endpoint.
CREATE TABLE outbox_attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id    INTEGER NOT NULL REFERENCES outbox_messages (id) ON DELETE CASCADE,
    endpoint_id   INTEGER NOT NULL REFERENCES outbox_endpoints (id) ON DELETE CASCADE,
    tenant        TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,   -- 1 for the first attempt of the message to the endpoint
    retry_index   INTEGER,            -- position in the retry schedule; NULL: a manual resend, not retried
    state         TEXT    NOT NULL CHECK (state IN
                      ('pending', 'sending', 'delivered', 'failed', 'dead')),
    due_at        INTEGER NOT NULL,
    claimed_by    TEXT,
    lease_until   INTEGER,            -- 'sending': the claim holds until then
    status        INTEGER,            -- the HTTP status answered, if any
    duration_ms   INTEGER,
    response_body BLOB,               -- capped
    error         TEXT,
    finished_at   INTEGER
);

-- Claiming: the attempts waiting, by when they are due, and the claims whose lease ran out.
CREATE INDEX outbox_attempts_due ON outbox_attempts (due_at) WHERE state = 'pending';
CREATE INDEX outbox_attempts_leased ON outbox_attempts (lease_until) WHERE state = 'sending';
-- A message's attempts (listing, resend), an endpoint's (recovery), a tenant's (listing).
CREATE INDEX outbox_attempts_message ON outbox_attempts (message_id, endpoint_id, attempt);
CREATE INDEX outbox_attempts_endpoint ON outbox_attempts (endpoint_id, state);
CREATE INDEX outbox_attempts_tenant ON outbox_attempts (tenant, id);
