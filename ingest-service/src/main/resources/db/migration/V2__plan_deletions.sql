-- A deleted plan is a version of its own with no plan: the history keeps who deleted it and when.
ALTER TABLE monitoring_plan ALTER COLUMN plan DROP NOT NULL;
