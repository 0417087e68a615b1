-- Every version of every model's monitoring plan; rows are only ever added.
CREATE TABLE monitoring_plan (
    id          BIGSERIAL PRIMARY KEY,
    model_id    TEXT        NOT NULL,
    version     INTEGER     NOT NULL,
    plan        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    CONSTRAINT monitoring_plan_model_version UNIQUE (model_id, version)
);
