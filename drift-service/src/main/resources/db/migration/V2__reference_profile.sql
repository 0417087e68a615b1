-- Reference profiles: each upload is a new version of its model's reference, kept (the reports of older windows name
-- the hash of the profile they were compared with).
create table reference_profile (
    model_id      text        not null,
    version       integer     not null,
    model_version text,
    sha256        text        not null,
    rows_read     bigint      not null,
    format        text        not null,
    created_by    text,
    created_at    timestamptz not null default now(),
    profile       bytea       not null,
    primary key (model_id, version)
);
