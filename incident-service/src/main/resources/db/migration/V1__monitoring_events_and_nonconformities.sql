-- One row per breach received: immutable evidence (ISO/IEC 42001 A.6.2.6, A.6.2.8). The breach id is derived from
-- content, so a redelivered breach finds its row and is ignored.
CREATE TABLE monitoring_event (
    breach_id        TEXT PRIMARY KEY,
    report_id        TEXT        NOT NULL,
    model_id         TEXT        NOT NULL,
    breach_kind      TEXT        NOT NULL,
    metric           TEXT        NOT NULL,
    detected_at      TIMESTAMPTZ,
    received_at      TIMESTAMPTZ NOT NULL,
    nonconformity_id UUID,
    breach           TEXT        NOT NULL
);

CREATE SEQUENCE nonconformity_ref_seq;

-- The clause 10.2 record, opened from a monitoring event; repeats of the same breach attach to the open record.
CREATE TABLE nonconformity (
    id               UUID PRIMARY KEY,
    ref              TEXT        NOT NULL UNIQUE,
    status           TEXT        NOT NULL,
    record_class     TEXT        NOT NULL,
    severity         TEXT        NOT NULL,
    severity_reason  TEXT        NOT NULL,
    breach_kind      TEXT        NOT NULL,
    model_id         TEXT        NOT NULL,
    model_version    TEXT,
    plan_version     INTEGER     NOT NULL,
    metric           TEXT        NOT NULL,
    attribute        TEXT,
    grp              TEXT,
    reference_group  TEXT,
    feature          TEXT,
    value            DOUBLE PRECISION,
    threshold_lower  DOUBLE PRECISION,
    threshold_upper  DOUBLE PRECISION,
    n                BIGINT,
    reference_n      BIGINT,
    p_value          DOUBLE PRECISION,
    report_id        TEXT        NOT NULL,
    window_start     TIMESTAMPTZ,
    window_end       TIMESTAMPTZ,
    window_events    BIGINT,
    first_breach_at  TIMESTAMPTZ NOT NULL,
    last_breach_at   TIMESTAMPTZ NOT NULL,
    occurrences      INTEGER     NOT NULL,
    opened_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX nonconformity_model ON nonconformity (model_id, status);
