-- The register's ledger (ISO/IEC 42001 7.5.3): one hash chain over every history entry of every record and every
-- window report kept, in the order they were stored, so that a record deleted whole, a history rewritten whole or a
-- report removed breaks it; its head is signed and published outside PostgreSQL (audit_anchor, the aimon.audit topic).
--   hash = hex(SHA-256(UTF-8(seq + "\n" + kind + "\n" + subject + "\n" + subject_hash + "\n" + prev_hash)))
-- subject: "<nonconformity id>/<seq>" for an entry (subject_hash its hash), the report id for a window report
-- (subject_hash the SHA-256 of its stored JSON).
CREATE TABLE audit_ledger (
    seq          BIGINT PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    kind         TEXT        NOT NULL,
    subject      TEXT        NOT NULL UNIQUE,
    subject_hash TEXT        NOT NULL,
    prev_hash    TEXT        NOT NULL,
    hash         TEXT        NOT NULL
);

-- A signed head of the ledger, as published.
CREATE TABLE audit_anchor (
    seq       BIGINT      PRIMARY KEY,
    hash      TEXT        NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    key_id    TEXT        NOT NULL,
    signature TEXT        NOT NULL
);

CREATE TRIGGER audit_ledger_append_only BEFORE UPDATE OR DELETE ON audit_ledger
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_ledger_no_truncate BEFORE TRUNCATE ON audit_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER audit_anchor_append_only BEFORE UPDATE OR DELETE ON audit_anchor
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- What was stored before the ledger enters it now, oldest first.
DO $$
DECLARE
    r    record;
    prev text   := repeat('0', 64);
    n    bigint := 0;
    h    text;
BEGIN
    FOR r IN (SELECT at, 'NC_ENTRY' AS kind, nonconformity_id::text || '/' || seq AS subject, hash AS subject_hash
                FROM nonconformity_event
              UNION ALL
              SELECT received_at, 'WINDOW_REPORT', report_id, encode(sha256(convert_to(report, 'UTF8')), 'hex')
                FROM window_report
              ORDER BY 1, 3) LOOP
        n := n + 1;
        h := encode(sha256(convert_to(n || E'\n' || r.kind || E'\n' || r.subject || E'\n' || r.subject_hash
                                      || E'\n' || prev, 'UTF8')), 'hex');
        INSERT INTO audit_ledger (seq, at, kind, subject, subject_hash, prev_hash, hash)
            VALUES (n, r.at, r.kind, r.subject, r.subject_hash, prev, h);
        prev := h;
    END LOOP;
END $$;
