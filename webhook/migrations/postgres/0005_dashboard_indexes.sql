-- The dashboard's list filters and lookups (and the CLI's `list`): each filter column
-- with the id, so a filtered page is read newest first along one index and the keyset
-- cursor (`id < $n`) seeks into it, however deep the page.
CREATE INDEX deliveries_provider_id ON deliveries (provider, id);
CREATE INDEX deliveries_endpoint_id ON deliveries (endpoint, id);
CREATE INDEX deliveries_event_id ON deliveries (event, id);
-- By status, for the finished ones only: the pending ones (queued, processing, retrying)
-- are in `deliveries_pending` already, which claims must keep using, and a row is
-- written here once, when it finishes, not at each claim.
CREATE INDEX deliveries_finished_status_id
    ON deliveries (status, id)
    WHERE status IN ('succeeded', 'failed', 'dead', 'rejected');
-- An event prefix (`invoice.*`, `LIKE 'invoice.%'`) uses an index only with the
-- pattern operator class whatever the database's collation.
CREATE INDEX deliveries_event_prefix ON deliveries (event text_pattern_ops);

-- Exact lookup by the provider's delivery id (`evt_…`, `X-GitHub-Delivery`, `webhook-id`).
CREATE INDEX deliveries_delivery_id ON deliveries (delivery_id) WHERE delivery_id IS NOT NULL;
