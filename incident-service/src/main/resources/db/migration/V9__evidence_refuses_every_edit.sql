-- Integrity (ISO/IEC 42001 7.5.3): the evidence tables refuse UPDATE, DELETE and TRUNCATE, and the record itself,
-- the projection of its history that the service updates, refuses DELETE and TRUNCATE. (A superuser can still switch
-- the triggers off: verification replays each record's history and finds what such an edit changed.)
CREATE FUNCTION refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER webhook_delivery_append_only BEFORE UPDATE OR DELETE ON webhook_delivery
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER nonconformity_kept BEFORE DELETE ON nonconformity
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TRIGGER nonconformity_event_no_truncate BEFORE TRUNCATE ON nonconformity_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER monitoring_event_no_truncate BEFORE TRUNCATE ON monitoring_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER window_report_no_truncate BEFORE TRUNCATE ON window_report
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER webhook_delivery_no_truncate BEFORE TRUNCATE ON webhook_delivery
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER nonconformity_no_truncate BEFORE TRUNCATE ON nonconformity
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- A record's closing time is the time of the history entry that closed it (before, it was read from the clock a
-- moment later), so that replaying the history gives every column exactly.
UPDATE nonconformity n
   SET closed_at = (SELECT max(e.at) FROM nonconformity_event e
                     WHERE e.nonconformity_id = n.id AND e.type = 'TRANSITION'
                       AND e.change::jsonb ->> 'to' IN ('CLOSED', 'DISMISSED', 'RISK_ACCEPTED'))
 WHERE closed_at IS NOT NULL;
