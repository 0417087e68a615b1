-- The register's ledger (V10) is entered by the database itself, at commit: a deferred constraint trigger on each table
-- it covers appends the row's ledger entry when the transaction that stored the row commits. The ledger's advisory
-- lock (one writer at a time, as its chain needs) is therefore taken last, after every row lock of the transaction,
-- and held only for the appends and the commit, so writers no longer queue behind each other's whole transaction; and
-- no code path can store an entry or a report without it entering the ledger.
-- The entry's form is V10's:
--   hash = hex(SHA-256(UTF-8(seq + "\n" + kind + "\n" + subject + "\n" + subject_hash + "\n" + prev_hash)))
CREATE FUNCTION audit_ledger_enter() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_kind         text;
    v_subject      text;
    v_subject_hash text;
    v_last_seq     bigint;
    v_prev         text;
    n              bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(418380607342); -- 0x61696d6f6e, "aimon"
    IF TG_TABLE_NAME = 'nonconformity_event' THEN
        v_kind := 'NC_ENTRY';
        v_subject := NEW.nonconformity_id::text || '/' || NEW.seq;
        v_subject_hash := NEW.hash;
    ELSE
        v_kind := 'WINDOW_REPORT';
        v_subject := NEW.report_id;
        v_subject_hash := encode(sha256(convert_to(NEW.report, 'UTF8')), 'hex');
    END IF;
    SELECT l.seq, l.hash INTO v_last_seq, v_prev FROM audit_ledger l ORDER BY l.seq DESC LIMIT 1;
    n := coalesce(v_last_seq, 0) + 1;
    v_prev := coalesce(v_prev, repeat('0', 64));
    INSERT INTO audit_ledger (seq, at, kind, subject, subject_hash, prev_hash, hash)
        VALUES (n, clock_timestamp(), v_kind, v_subject, v_subject_hash, v_prev,
                encode(sha256(convert_to(n || E'\n' || v_kind || E'\n' || v_subject || E'\n' || v_subject_hash
                                         || E'\n' || v_prev, 'UTF8')), 'hex'));
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER nonconformity_event_enters_ledger AFTER INSERT ON nonconformity_event
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_ledger_enter();
CREATE CONSTRAINT TRIGGER window_report_enters_ledger AFTER INSERT ON window_report
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_ledger_enter();
