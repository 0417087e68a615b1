-- Idempotency: the event ids accepted within the horizon, per kind (prediction or label) and model. A repeat finds its
-- row and is not published again; rows older than the horizon are deleted.
CREATE TABLE seen_event (
    kind     TEXT        NOT NULL,
    model_id TEXT        NOT NULL,
    event_id TEXT        NOT NULL,
    seen_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, model_id, event_id)
);
CREATE INDEX seen_event_age ON seen_event (seen_at);
