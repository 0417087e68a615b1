package dev.aimon.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.aimon.events.Threshold;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A nonconformity as the governance API shows it (ISO/IEC 42001 clause 10.2): identity, what was not met, and the
 * trace to the data window that showed it.
 *
 * @param id the record's id (UUIDv7)
 * @param ref the human reference, {@code NC-2026-0042}
 * @param status the lifecycle state
 * @param recordClass OBSERVATION, NONCONFORMITY, INCIDENT or SERIOUS_INCIDENT
 * @param severity S1 (highest) to S4
 * @param severityReason why that severity
 * @param breachKind what kind of requirement was not met
 * @param modelId the model
 * @param modelVersion the model version of the window
 * @param planVersion the plan version the window was computed under
 * @param metric the metric, its value, bounds and evidence
 * @param window the data window of the first breach
 * @param reportId the window report of the first breach
 * @param referenceHash the drift reference profile's sha256, when there was one
 * @param sourceBreachIds the breaches the record was opened from (more than one under a persistence policy)
 * @param firstBreachAt when it was first detected
 * @param lastBreachAt when it was last detected
 * @param occurrences how many breaches attached to this record
 * @param openedAt when the record was opened
 * @param closedAt when it reached a final status (CLOSED, DISMISSED, RISK_ACCEPTED)
 * @param escalatedAt when it was escalated for not being acknowledged in time
 * @param signalRecoveredAt when a window showed the metric back within bounds while the record was in progress (noted;
 *     it never closes the record)
 * @param owner who owns it, once acknowledged
 * @param nextDue when the next thing is due: the earliest corrective action, then the effectiveness review
 * @param seriousIncident the EU AI Act Art. 73 clock, when it was assessed a serious incident
 * @param requirementRefs the requirements not met (ISO/IEC 42001, NIST AI RMF, EU AI Act)
 * @param lifecycle the clause 10.2 data so far, by step (ACKNOWLEDGED, CONTAINED, ACTION_PLANNED, …), each with who
 *     and when; the history endpoint has every change
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Nonconformity(
        UUID id,
        String ref,
        String status,
        String recordClass,
        String severity,
        String severityReason,
        String breachKind,
        String modelId,
        String modelVersion,
        int planVersion,
        MetricTrace metric,
        WindowTrace window,
        String reportId,
        String referenceHash,
        List<String> sourceBreachIds,
        Instant firstBreachAt,
        Instant lastBreachAt,
        int occurrences,
        Instant openedAt,
        Instant closedAt,
        Instant escalatedAt,
        Instant signalRecoveredAt,
        String owner,
        LocalDate nextDue,
        SeriousIncident seriousIncident,
        List<RequirementCatalogue.RequirementRef> requirementRefs,
        Map<String, Object> lifecycle) {

    /**
     * The metric that crossed its threshold.
     *
     * @param name the metric id
     * @param attribute the protected attribute (fairness)
     * @param group the group (fairness)
     * @param referenceGroup the privileged group it was compared with (fairness)
     * @param feature the feature (drift)
     * @param value the value in the window
     * @param threshold the plan's bounds that were not met
     * @param n the sample size behind the value
     * @param referenceN the size of the reference group or data
     * @param pValue the p-value of the test behind the verdict
     * @param ci the confidence interval of the value, {@code [low, high]}, when there was one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MetricTrace(
            String name,
            String attribute,
            String group,
            String referenceGroup,
            String feature,
            Double value,
            Threshold threshold,
            Long n,
            Long referenceN,
            Double pValue,
            List<Double> ci) {}

    /**
     * A serious incident's reporting clock (EU AI Act Art. 73).
     *
     * @param category what kind of serious incident
     * @param awareAt when the provider became aware of it
     * @param reportDeadline the latest time to report it to the market surveillance authority
     * @param initialReportAt when the first report was made, if it was
     * @param finalReportAt when the final report was made, if it was
     */
    public record SeriousIncident(
            String category, Instant awareAt, Instant reportDeadline, Instant initialReportAt, Instant finalReportAt) {}

    /**
     * The data window.
     *
     * @param start event time of its start
     * @param end event time of its end
     * @param events how many events it held
     */
    public record WindowTrace(Instant start, Instant end, Long events) {}
}
