package dev.aimon.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One entry of a nonconformity's hash-chained history; the table refuses updates and deletes. */
@Entity
@Table(name = "nonconformity_event")
@IdClass(NonconformityEventEntity.Key.class)
public class NonconformityEventEntity {

    @Id
    @Column(name = "nonconformity_id")
    public UUID nonconformityId;

    @Id
    public int seq;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String change;

    @Column(name = "prev_hash", nullable = false)
    public String prevHash;

    @Column(nullable = false)
    public String hash;

    /** The key: the record and the entry's number in its history. */
    public static class Key implements Serializable {
        public UUID nonconformityId;
        public int seq;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.seq == seq && Objects.equals(k.nonconformityId, nonconformityId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(nonconformityId, seq);
        }
    }
}
