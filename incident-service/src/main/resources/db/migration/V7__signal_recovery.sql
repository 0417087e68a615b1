-- A metric that recovers by itself is noted on the record (it never closes it).
ALTER TABLE nonconformity ADD COLUMN signal_recovered_at TIMESTAMPTZ;
