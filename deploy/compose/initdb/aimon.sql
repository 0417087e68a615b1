-- One database per service, as in DESIGN.md; each service migrates its own schema (Flyway) at start.
create database aimon_ingest owner aimon;
create database aimon_fairness owner aimon;
create database aimon_drift owner aimon;
create database aimon_incident owner aimon;
