-- The promotion policy counts earlier breaches of the same kind, metric and group or feature: the monitoring event
-- keeps them. Escalation and the EU AI Act Art. 73 clock are projected onto the record.
ALTER TABLE monitoring_event ADD COLUMN attribute TEXT;
ALTER TABLE monitoring_event ADD COLUMN grp TEXT;
ALTER TABLE monitoring_event ADD COLUMN feature TEXT;
CREATE INDEX monitoring_event_key ON monitoring_event (model_id, breach_kind, metric);

ALTER TABLE nonconformity ADD COLUMN escalated_at TIMESTAMPTZ;
ALTER TABLE nonconformity ADD COLUMN serious_category TEXT;
ALTER TABLE nonconformity ADD COLUMN aware_at TIMESTAMPTZ;
ALTER TABLE nonconformity ADD COLUMN report_deadline TIMESTAMPTZ;
