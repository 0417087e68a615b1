-- The clause 10.2 lifecycle and the audit trail (ISO/IEC 42001 7.5.3). Every change of a nonconformity is an appended
-- event whose hash covers the event and the hash before it; the nonconformity row is the projection of its events,
-- for queries, and verification checks the chain and the projection against each other.
CREATE TABLE nonconformity_event (
    nonconformity_id UUID        NOT NULL REFERENCES nonconformity (id),
    seq              INTEGER     NOT NULL,
    type             TEXT        NOT NULL,
    actor            TEXT        NOT NULL,
    at               TIMESTAMPTZ NOT NULL,
    change           TEXT        NOT NULL,
    prev_hash        TEXT        NOT NULL,
    hash             TEXT        NOT NULL,
    PRIMARY KEY (nonconformity_id, seq)
);

ALTER TABLE nonconformity ADD COLUMN lifecycle TEXT NOT NULL DEFAULT '{}';
ALTER TABLE nonconformity ADD COLUMN requirement_refs TEXT NOT NULL DEFAULT '[]';
ALTER TABLE nonconformity ADD COLUMN closed_at TIMESTAMPTZ;

-- Records are never edited in place or deleted: the database refuses it for the evidence and the trail. (Someone who
-- can switch the trigger off can still change a row; the hash chain is what shows it.)
CREATE FUNCTION refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER nonconformity_event_append_only BEFORE UPDATE OR DELETE ON nonconformity_event
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER monitoring_event_append_only BEFORE UPDATE OR DELETE ON monitoring_event
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER window_report_append_only BEFORE UPDATE OR DELETE ON window_report
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
