-- The delivery log of the signed webhooks: one row per attempt, whatever its outcome.
CREATE TABLE webhook_delivery (
    delivery_id      UUID        NOT NULL,
    attempt          INTEGER     NOT NULL,
    url              TEXT        NOT NULL,
    event            TEXT        NOT NULL,
    nonconformity_id UUID        NOT NULL,
    status           INTEGER,
    error            TEXT,
    at               TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
CREATE INDEX webhook_delivery_nonconformity ON webhook_delivery (nonconformity_id, at);
