package dev.aimon.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A breach as received: immutable evidence that a monitored requirement was not met in one window. */
@Entity
@Table(name = "monitoring_event")
public class MonitoringEventEntity {

    @Id
    @Column(name = "breach_id")
    public String breachId;

    @Column(name = "report_id", nullable = false)
    public String reportId;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(name = "breach_kind", nullable = false)
    public String breachKind;

    @Column(nullable = false)
    public String metric;

    @Column(name = "detected_at")
    public Instant detectedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "nonconformity_id")
    public UUID nonconformityId;

    public String attribute;

    @Column(name = "grp")
    public String groupName;

    public String feature;

    /** The breach event as JSON, exactly as the contract wrote it. */
    @Column(nullable = false)
    public String breach;
}
