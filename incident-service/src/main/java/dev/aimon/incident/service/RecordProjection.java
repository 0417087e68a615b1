package dev.aimon.incident.service;

import dev.aimon.events.BreachEvent;
import dev.aimon.events.MetricResult;
import dev.aimon.incident.Lifecycle.Status;
import dev.aimon.incident.RequirementCatalogue.RequirementRef;
import dev.aimon.incident.SeriousIncidents;
import dev.aimon.incident.TransitionRequest;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.audit.EntryType;
import dev.aimon.incident.repository.NonconformityEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * A record's row as its history makes it. Every change of a nonconformity is an entry of its hash chain, and the
 * services change the row only by {@link #apply applying} the entry they appended, so the row is its history applied
 * in order. Verification replays the history from nothing and compares every column ({@link #differences}): an edit
 * of the row that no entry explains is found, and named by its column.
 */
public final class RecordProjection {

    private RecordProjection() {}

    /** Applies one entry (its type, actor, time and change) to the record's row. */
    static void apply(NonconformityEntity nc, AuditChain.Entry e) {
        Map<String, Object> change = AuditTrail.read(e.change());
        EntryType type = EntryType.valueOf(e.type());
        switch (type) {
            case CREATED -> created(nc, e, change);
            case BREACH_ATTACHED -> {
                nc.occurrences++;
                nc.signalRecoveredAt = null;
                Instant at = instant(change.get("detectedAt"));
                if (at.isAfter(nc.lastBreachAt)) {
                    nc.lastBreachAt = at;
                }
            }
            case REOPENED -> {
                nc.status = Status.REOPENED.name();
                nc.occurrences++;
                nc.lastBreachAt = instant(change.get("detectedAt"));
                nc.lifecycle = withSection(nc.lifecycle, Status.REOPENED.name(), change, e.actor(), e.at());
            }
            case TRANSITION -> {
                Status to = Status.valueOf((String) change.get("to"));
                Map<String, Object> lifecycle = AuditTrail.read(nc.lifecycle);
                lifecycle.remove(EntryType.DISMISSAL_REQUESTED.name());
                nc.lifecycle = withSection(AuditTrail.canonical(lifecycle), to.name(), change, e.actor(), e.at());
                moved(nc, to, AuditTrail.CANONICAL.convertValue(change, TransitionRequest.class), e.at());
            }
            case DISMISSAL_REQUESTED ->
                nc.lifecycle = withSection(nc.lifecycle, type.name(), change, e.actor(), e.at());
            case ESCALATED -> nc.escalatedAt = e.at();
            case SIGNAL_RECOVERED -> nc.signalRecoveredAt = e.at();
            case COMMUNICATION, REGULATORY_REPORT -> {
                Map<String, Object> lifecycle = AuditTrail.read(nc.lifecycle);
                List<Object> notes =
                        lifecycle.get(type.notes()) instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
                Map<String, Object> note = new LinkedHashMap<>(change);
                note.put("by", e.actor());
                note.put("recordedAt", e.at());
                notes.add(note);
                lifecycle.put(type.notes(), notes);
                nc.lifecycle = AuditTrail.canonical(lifecycle);
            }
        }
    }

    /** The row a CREATED entry opens: everything the breach and the entry say. */
    private static void created(NonconformityEntity nc, AuditChain.Entry e, Map<String, Object> change) {
        BreachEvent breach = AuditTrail.CANONICAL.convertValue(change.get("breach"), BreachEvent.class);
        MetricResult r = breach.result();
        nc.ref = (String) change.get("ref");
        nc.status = Status.OPEN.name();
        nc.recordClass = (String) change.get("recordClass");
        nc.severity = (String) change.get("severity");
        nc.severityReason = (String) change.get("severityReason");
        nc.breachKind = breach.kind().name();
        nc.modelId = breach.modelId();
        nc.modelVersion = breach.modelVersion();
        nc.planVersion = breach.planVersion();
        nc.metric = r.metric().name();
        nc.attribute = r.attribute();
        nc.groupName = r.group();
        nc.referenceGroup = r.referenceGroup();
        nc.feature = r.feature();
        nc.value = r.value();
        nc.thresholdLower = r.threshold() == null ? null : r.threshold().lower();
        nc.thresholdUpper = r.threshold() == null ? null : r.threshold().upper();
        nc.n = r.n();
        nc.referenceN = r.referenceN();
        nc.pValue = r.pValue();
        boolean ci = r.ci() != null && r.ci().size() == 2;
        nc.ciLower = ci ? r.ci().get(0) : null;
        nc.ciUpper = ci ? r.ci().get(1) : null;
        nc.reportId = breach.reportId();
        nc.windowStart = breach.window() == null ? null : micros(breach.window().start());
        nc.windowEnd = breach.window() == null ? null : micros(breach.window().end());
        nc.windowEvents = breach.window() == null ? null : breach.window().events();
        nc.referenceHash = breach.referenceHash();
        // Since 2026-12-02 the entry says when the breach was detected; before, the breach's detectedAt did.
        Instant detected = change.get("firstBreachAt") != null
                ? instant(change.get("firstBreachAt"))
                : breach.detectedAt() != null ? micros(breach.detectedAt()) : e.at();
        nc.firstBreachAt = detected;
        nc.lastBreachAt = detected;
        nc.occurrences = 1;
        nc.openedAt = e.at();
        nc.requirementRefs = AuditTrail.canonical(change.get("requirementRefs"));
        nc.sourceBreachIds = AuditTrail.canonical(change.get("sourceBreachIds"));
        nc.lifecycle = "{}";
    }

    /** The columns a lifecycle move changes: status, owner, the next due date, the Art. 73 clock, the closing time. */
    private static void moved(NonconformityEntity nc, Status to, TransitionRequest request, Instant at) {
        nc.status = to.name();
        switch (to) {
            case ACKNOWLEDGED -> nc.owner = request.owner();
            case ACTION_PLANNED ->
                nc.nextDue = request.actions() == null
                        ? null
                        : request.actions().stream()
                                .map(TransitionRequest.CorrectiveAction::dueDate)
                                .min(LocalDate::compareTo)
                                .orElse(null);
            case PENDING_EFFECTIVENESS -> nc.nextDue = request.reviewDue();
            default -> nc.nextDue = null;
        }
        TransitionRequest.SeriousIncidentAssessment serious = request.seriousIncident();
        if (to == Status.CONTAINED && serious != null && Boolean.TRUE.equals(serious.serious())) {
            nc.recordClass = "SERIOUS_INCIDENT";
            nc.seriousCategory = serious.category();
            nc.awareAt = micros(serious.awareAt());
            nc.reportDeadline = SeriousIncidents.deadline(serious.category(), nc.awareAt);
            List<RequirementRef> refs =
                    new ArrayList<>(RecordView.readList(nc.requirementRefs, RequirementRef[].class));
            refs.add(new RequirementRef("EU-AI-ACT", "Art.73", "Reporting of serious incidents"));
            nc.requirementRefs = AuditTrail.canonical(refs);
        }
        if (to.terminal()) {
            nc.closedAt = at;
        }
    }

    /** The lifecycle data with one step's section replaced by this change, who made it and when. */
    static String withSection(String lifecycleJson, String section, Map<String, Object> change, String by, Instant at) {
        Map<String, Object> lifecycle = AuditTrail.read(lifecycleJson);
        Map<String, Object> entry = new LinkedHashMap<>(change);
        entry.remove("from");
        entry.remove("to");
        entry.put("by", by);
        entry.put("at", at);
        lifecycle.put(section, entry);
        return AuditTrail.canonical(lifecycle);
    }

    /** The row a history makes, from nothing. */
    static NonconformityEntity replay(UUID id, List<AuditChain.Entry> history) {
        NonconformityEntity nc = new NonconformityEntity();
        nc.id = id;
        for (AuditChain.Entry e : history) {
            apply(nc, e);
        }
        return nc;
    }

    /**
     * A column whose stored value is not the one the history leads to.
     *
     * @param column the column of {@code nonconformity}
     * @param stored what the row holds
     * @param fromHistory what its history says
     */
    public record Difference(String column, String stored, String fromHistory) {}

    /** Every column of {@code nonconformity}, by its name in PostgreSQL. */
    static final Map<String, Function<NonconformityEntity, Object>> COLUMNS = columns();

    private static Map<String, Function<NonconformityEntity, Object>> columns() {
        Map<String, Function<NonconformityEntity, Object>> c = new LinkedHashMap<>();
        c.put("id", nc -> nc.id);
        c.put("ref", nc -> nc.ref);
        c.put("status", nc -> nc.status);
        c.put("record_class", nc -> nc.recordClass);
        c.put("severity", nc -> nc.severity);
        c.put("severity_reason", nc -> nc.severityReason);
        c.put("breach_kind", nc -> nc.breachKind);
        c.put("model_id", nc -> nc.modelId);
        c.put("model_version", nc -> nc.modelVersion);
        c.put("plan_version", nc -> nc.planVersion);
        c.put("metric", nc -> nc.metric);
        c.put("attribute", nc -> nc.attribute);
        c.put("grp", nc -> nc.groupName);
        c.put("reference_group", nc -> nc.referenceGroup);
        c.put("feature", nc -> nc.feature);
        c.put("value", nc -> nc.value);
        c.put("threshold_lower", nc -> nc.thresholdLower);
        c.put("threshold_upper", nc -> nc.thresholdUpper);
        c.put("n", nc -> nc.n);
        c.put("reference_n", nc -> nc.referenceN);
        c.put("p_value", nc -> nc.pValue);
        c.put("ci_lower", nc -> nc.ciLower);
        c.put("ci_upper", nc -> nc.ciUpper);
        c.put("report_id", nc -> nc.reportId);
        c.put("reference_hash", nc -> nc.referenceHash);
        c.put("window_start", nc -> nc.windowStart);
        c.put("window_end", nc -> nc.windowEnd);
        c.put("window_events", nc -> nc.windowEvents);
        c.put("first_breach_at", nc -> nc.firstBreachAt);
        c.put("last_breach_at", nc -> nc.lastBreachAt);
        c.put("occurrences", nc -> nc.occurrences);
        c.put("opened_at", nc -> nc.openedAt);
        c.put("closed_at", nc -> nc.closedAt);
        c.put("escalated_at", nc -> nc.escalatedAt);
        c.put("signal_recovered_at", nc -> nc.signalRecoveredAt);
        c.put("owner", nc -> nc.owner);
        c.put("next_due", nc -> nc.nextDue);
        c.put("serious_category", nc -> nc.seriousCategory);
        c.put("aware_at", nc -> nc.awareAt);
        c.put("report_deadline", nc -> nc.reportDeadline);
        c.put("requirement_refs", nc -> nc.requirementRefs);
        c.put("source_breach_ids", nc -> nc.sourceBreachIds);
        c.put("lifecycle", nc -> nc.lifecycle);
        return Collections.unmodifiableMap(c);
    }

    /**
     * The columns of the stored row that differ from the row its history makes, in the table's order; empty when the
     * row is exactly its history. A history that cannot be replayed (an entry of no known type, a change that is not
     * the JSON its type writes) is one difference, of the column {@code history}.
     */
    static List<Difference> differences(NonconformityEntity stored, List<AuditChain.Entry> history) {
        NonconformityEntity replayed;
        try {
            replayed = replay(stored.id, history);
        } catch (RuntimeException e) {
            return List.of(new Difference("history", null, "cannot be replayed: " + e.getMessage()));
        }
        List<Difference> differences = new ArrayList<>();
        COLUMNS.forEach((column, value) -> {
            Object s = value.apply(stored);
            Object h = value.apply(replayed);
            if (!Objects.equals(s, h)) {
                differences.add(new Difference(column, text(s), text(h)));
            }
        });
        return differences;
    }

    /**
     * What the verification of one record found.
     *
     * @param verified the chain's hashes and links hold and every column is the one the history leads to
     * @param chain the verification of the hashes and links
     * @param differences the columns the history does not explain
     */
    public record Verification(boolean verified, AuditChain.Verification chain, List<Difference> differences) {}

    /** Verifies a record: its history's chain, and its row against the row the history makes. */
    static Verification verify(NonconformityEntity stored, List<AuditChain.Entry> history) {
        AuditChain.Verification chain = AuditChain.verify(history);
        List<Difference> differences = differences(stored, history);
        return new Verification(chain.verified() && differences.isEmpty(), chain, differences);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object text) {
        return Instant.parse(text.toString());
    }

    /** PostgreSQL keeps microseconds: a time the row holds is truncated to them before it is stored. */
    static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }
}
