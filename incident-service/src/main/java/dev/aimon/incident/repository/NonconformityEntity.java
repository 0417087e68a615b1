package dev.aimon.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The clause 10.2 record: what was not met, where, and how often. */
@Entity
@Table(name = "nonconformity")
public class NonconformityEntity {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String ref;

    @Column(nullable = false)
    public String status;

    @Column(name = "record_class", nullable = false)
    public String recordClass;

    @Column(nullable = false)
    public String severity;

    @Column(name = "severity_reason", nullable = false)
    public String severityReason;

    @Column(name = "breach_kind", nullable = false)
    public String breachKind;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(name = "model_version")
    public String modelVersion;

    @Column(name = "plan_version", nullable = false)
    public int planVersion;

    @Column(nullable = false)
    public String metric;

    public String attribute;

    @Column(name = "grp")
    public String groupName;

    @Column(name = "reference_group")
    public String referenceGroup;

    public String feature;

    public Double value;

    @Column(name = "threshold_lower")
    public Double thresholdLower;

    @Column(name = "threshold_upper")
    public Double thresholdUpper;

    public Long n;

    @Column(name = "reference_n")
    public Long referenceN;

    @Column(name = "p_value")
    public Double pValue;

    @Column(name = "report_id", nullable = false)
    public String reportId;

    @Column(name = "window_start")
    public Instant windowStart;

    @Column(name = "window_end")
    public Instant windowEnd;

    @Column(name = "window_events")
    public Long windowEvents;

    @Column(name = "first_breach_at", nullable = false)
    public Instant firstBreachAt;

    @Column(name = "last_breach_at", nullable = false)
    public Instant lastBreachAt;

    @Column(nullable = false)
    public int occurrences;

    @Column(name = "opened_at", nullable = false)
    public Instant openedAt;

    /** The lifecycle data of clause 10.2 so far, by step (JSON): the projection of the history. */
    @Column(nullable = false)
    public String lifecycle = "{}";

    /** The requirements not met (JSON list of framework, ref and title). */
    @Column(name = "requirement_refs", nullable = false)
    public String requirementRefs = "[]";

    @Column(name = "closed_at")
    public Instant closedAt;

    /** Who owns the record (set when it is acknowledged). */
    public String owner;

    /** When the next thing is due: the earliest corrective action, then the effectiveness review. */
    @Column(name = "next_due")
    public LocalDate nextDue;

    /** When the record was escalated for not being acknowledged within its severity's time. */
    @Column(name = "escalated_at")
    public Instant escalatedAt;

    /** EU AI Act Art. 73: the category of a serious incident. */
    @Column(name = "serious_category")
    public String seriousCategory;

    /** EU AI Act Art. 73: when the provider became aware of the serious incident (the clock starts). */
    @Column(name = "aware_at")
    public Instant awareAt;

    /** EU AI Act Art. 73: when the report to the authority is due. */
    @Column(name = "report_deadline")
    public Instant reportDeadline;

    /** When a window report showed the metric back within its bounds while the record was in progress. */
    @Column(name = "signal_recovered_at")
    public Instant signalRecoveredAt;

    @Column(name = "ci_lower")
    public Double ciLower;

    @Column(name = "ci_upper")
    public Double ciUpper;

    /** The drift reference profile's sha256, when the breach was measured against one. */
    @Column(name = "reference_hash")
    public String referenceHash;

    /** The breach ids the record was opened from (JSON list). */
    @Column(name = "source_breach_ids", nullable = false)
    public String sourceBreachIds = "[]";
}
