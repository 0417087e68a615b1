-- Every window report received: the evidence that monitoring ran (ISO/IEC 42001 clause 9.1), whatever its verdicts.
-- The report id is derived from content, so a redelivered report finds its row and is ignored.
CREATE TABLE window_report (
    report_id      TEXT PRIMARY KEY,
    service        TEXT        NOT NULL,
    model_id       TEXT        NOT NULL,
    model_version  TEXT,
    plan_version   INTEGER     NOT NULL,
    window_start   TIMESTAMPTZ,
    window_end     TIMESTAMPTZ,
    window_events  BIGINT      NOT NULL,
    results        INTEGER     NOT NULL,
    breaches       INTEGER     NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL,
    report         TEXT        NOT NULL
);

CREATE INDEX window_report_model_time ON window_report (model_id, window_start);
