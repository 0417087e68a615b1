-- The stream's checkpoints: per Kafka partition, the next offset of each input topic and the window state of the
-- partition's models (analysis-kit's Checkpoints). One row per partition, replaced on each checkpoint; a row of another
-- Kafka cluster (a broker started afresh) is not used.
create table checkpoint (
    service         text        not null,
    cluster_id      text        not null,
    kafka_partition integer     not null,
    next_offsets    text        not null,
    state           bytea       not null,
    saved_at        timestamptz not null,
    primary key (service, kafka_partition)
);
