-- The rest of the trace ISO42001.md asks for at creation: the confidence interval, the drift reference profile's hash
-- and the breaches the record was promoted from.
ALTER TABLE nonconformity ADD COLUMN ci_lower DOUBLE PRECISION;
ALTER TABLE nonconformity ADD COLUMN ci_upper DOUBLE PRECISION;
ALTER TABLE nonconformity ADD COLUMN reference_hash TEXT;
ALTER TABLE nonconformity ADD COLUMN source_breach_ids TEXT NOT NULL DEFAULT '[]';
