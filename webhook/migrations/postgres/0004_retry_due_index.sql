-- Claiming retries: the rows waiting for a retry, by when they are due. Without it a
-- claim found the due ones by walking every retrying row (all of them, during an
-- outage of what the handlers call) inside the writer's transaction. Partial, so only
-- failures and their retries write to it, never the record path.
CREATE INDEX deliveries_retry_due
    ON deliveries (next_attempt_at)
    WHERE status = 'retrying';
