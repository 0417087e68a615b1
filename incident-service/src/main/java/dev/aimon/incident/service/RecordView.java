package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aimon.events.Threshold;
import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.RequirementCatalogue;
import dev.aimon.incident.repository.NonconformityEntity;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A record as the API shows it ({@link Nonconformity}), from its row. */
public final class RecordView {

    private RecordView() {}

    /** The view of a row. */
    public static Nonconformity of(NonconformityEntity e) {
        Threshold threshold = e.thresholdLower == null && e.thresholdUpper == null
                ? null
                : new Threshold(e.thresholdLower, e.thresholdUpper);
        return new Nonconformity(
                e.id,
                e.ref,
                e.status,
                e.recordClass,
                e.severity,
                e.severityReason,
                e.breachKind,
                e.modelId,
                e.modelVersion,
                e.planVersion,
                new Nonconformity.MetricTrace(
                        e.metric,
                        e.attribute,
                        e.groupName,
                        e.referenceGroup,
                        e.feature,
                        e.value,
                        threshold,
                        e.n,
                        e.referenceN,
                        e.pValue,
                        e.ciLower == null ? null : List.of(e.ciLower, e.ciUpper)),
                new Nonconformity.WindowTrace(e.windowStart, e.windowEnd, e.windowEvents),
                e.reportId,
                e.referenceHash,
                readList(e.sourceBreachIds, String[].class),
                e.firstBreachAt,
                e.lastBreachAt,
                e.occurrences,
                e.openedAt,
                e.closedAt,
                e.escalatedAt,
                e.signalRecoveredAt,
                e.owner,
                e.nextDue,
                e.reportDeadline == null
                        ? null
                        : new Nonconformity.SeriousIncident(
                                e.seriousCategory,
                                e.awareAt,
                                e.reportDeadline,
                                reportedAt(e.lifecycle, "INITIAL"),
                                reportedAt(e.lifecycle, "FINAL")),
                readList(e.requirementRefs, RequirementCatalogue.RequirementRef[].class),
                AuditTrail.read(e.lifecycle));
    }

    /** When the regulatory report of this kind was made, from the lifecycle data. */
    private static Instant reportedAt(String lifecycleJson, String kind) {
        if (AuditTrail.read(lifecycleJson).get("REGULATORY_REPORTS") instanceof List<?> reports) {
            for (Object r : reports) {
                if (r instanceof Map<?, ?> report && kind.equals(report.get("kind")) && report.get("at") != null) {
                    return Instant.parse(report.get("at").toString());
                }
            }
        }
        return null;
    }

    /** A JSON list stored in a column, read back. */
    static <T> List<T> readList(String json, Class<T[]> type) {
        try {
            return List.of(AuditTrail.CANONICAL.readValue(json, type));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
