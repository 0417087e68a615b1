package dev.aimon.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A window report as received: evidence that monitoring ran, whatever its verdicts. */
@Entity
@Table(name = "window_report")
public class WindowReportEntity {

    @Id
    @Column(name = "report_id")
    public String reportId;

    @Column(nullable = false)
    public String service;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(name = "model_version")
    public String modelVersion;

    @Column(name = "plan_version", nullable = false)
    public int planVersion;

    @Column(name = "window_start")
    public Instant windowStart;

    @Column(name = "window_end")
    public Instant windowEnd;

    @Column(name = "window_events", nullable = false)
    public long windowEvents;

    /** How many metric results the report holds. */
    @Column(nullable = false)
    public int results;

    /** How many of them are breaches. */
    @Column(nullable = false)
    public int breaches;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** The report as JSON, exactly as the contract wrote it. */
    @Column(nullable = false)
    public String report;
}
