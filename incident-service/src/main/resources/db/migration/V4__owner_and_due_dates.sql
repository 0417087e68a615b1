-- Projection columns for the governance filters: the record's owner and the next date something is due (the
-- corrective actions while ACTION_PLANNED, the effectiveness review while PENDING_EFFECTIVENESS).
ALTER TABLE nonconformity ADD COLUMN owner TEXT;
ALTER TABLE nonconformity ADD COLUMN next_due DATE;
CREATE INDEX nonconformity_opened ON nonconformity (opened_at);
