package dev.aimon.incident.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The nonconformities. */
@ApplicationScoped
public class NonconformityRepository implements PanacheRepositoryBase<NonconformityEntity, UUID> {

    /** The record in progress (not closed, dismissed or accepted) that a repeat of this breach attaches to. */
    public Uni<NonconformityEntity> findOpen(BreachKey key) {
        return find(
                        BreachKey.CONDITION + " and status not in ('CLOSED', 'DISMISSED', 'RISK_ACCEPTED')",
                        key.parameters())
                .firstResult();
    }

    /** The newest record of this breach that was closed after {@code since}: a repeat reopens it. */
    public Uni<NonconformityEntity> findRecurrence(BreachKey key, Instant since) {
        return find(
                        BreachKey.CONDITION + " and status = 'CLOSED' and closedAt >= :since",
                        Sort.descending("closedAt"),
                        key.parameters().and("since", since))
                .firstResult();
    }

    /** The newest record of this breach, whatever its status. */
    public Uni<NonconformityEntity> findLatest(BreachKey key) {
        return find(BreachKey.CONDITION, Sort.descending("openedAt"), key.parameters())
                .firstResult();
    }

    /** The records still OPEN (not acknowledged) and not escalated yet. */
    public Uni<List<NonconformityEntity>> unescalated() {
        return find("status = 'OPEN' and escalatedAt is null")
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** The serious incidents (EU AI Act Art. 73) whose report is due before {@code before}, soonest first. */
    public Uni<List<NonconformityEntity>> seriousIncidents(Instant before) {
        return find("reportDeadline is not null and reportDeadline < ?1", Sort.ascending("reportDeadline"), before)
                .list();
    }

    /**
     * The governance filters of the list; a null field does not filter.
     *
     * @param requirement a requirement as {@code FRAMEWORK:ref}, e.g. {@code ISO42001:A.6.2.6}
     * @param overdue true: only records whose next due date has passed (and that are not finished)
     */
    public record Filter(
            String modelId,
            String modelVersion,
            String status,
            String severity,
            String breachKind,
            String requirement,
            String framework,
            Instant openedFrom,
            Instant openedTo,
            Instant closedFrom,
            Instant closedTo,
            String owner,
            Boolean overdue,
            LocalDate today) {}

    /** The sort orders of the list: a field, newest or largest first with a leading {@code -}. */
    public static final Map<String, String> SORTABLE = Map.of(
            "openedAt", "openedAt",
            "closedAt", "closedAt",
            "lastBreachAt", "lastBreachAt",
            "severity", "severity",
            "ref", "ref",
            "occurrences", "occurrences",
            "nextDue", "nextDue");

    /** A page of the records that pass the filter, in the given order (then by ref, newest first). */
    public Uni<List<NonconformityEntity>> list(Filter f, String sort, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        where(query, p, "modelId", f.modelId());
        where(query, p, "modelVersion", f.modelVersion());
        where(query, p, "status", f.status());
        where(query, p, "severity", f.severity());
        where(query, p, "breachKind", f.breachKind());
        where(query, p, "owner", f.owner());
        if (f.requirement() != null) {
            int colon = f.requirement().indexOf(':');
            String framework = colon < 0 ? "ISO42001" : f.requirement().substring(0, colon);
            String ref = colon < 0 ? f.requirement() : f.requirement().substring(colon + 1);
            query.append(" and requirementRefs like :requirement");
            p.and("requirement", "%\"framework\":\"" + framework + "\",\"ref\":\"" + ref + "\"%");
        }
        if (f.framework() != null) {
            query.append(" and requirementRefs like :framework");
            p.and("framework", "%\"framework\":\"" + f.framework() + "\"%");
        }
        range(query, p, "openedAt", f.openedFrom(), f.openedTo());
        range(query, p, "closedAt", f.closedFrom(), f.closedTo());
        if (Boolean.TRUE.equals(f.overdue())) {
            query.append(" and nextDue < :today and status not in ('CLOSED', 'DISMISSED', 'RISK_ACCEPTED')");
            p.and("today", f.today());
        }
        boolean descending = sort.startsWith("-");
        String field = SORTABLE.get(descending ? sort.substring(1) : sort);
        Sort order =
                (descending ? Sort.descending(field) : Sort.ascending(field)).and("ref", Sort.Direction.Descending);
        return find(query.toString(), order, p).page(Page.of(page, size)).list();
    }

    private static void where(StringBuilder query, Parameters p, String field, String value) {
        if (value != null) {
            query.append(" and ").append(field).append(" = :").append(field);
            p.and(field, value);
        }
    }

    private static void range(StringBuilder query, Parameters p, String field, Instant from, Instant to) {
        if (from != null) {
            query.append(" and ").append(field).append(" >= :").append(field).append("From");
            p.and(field + "From", from);
        }
        if (to != null) {
            query.append(" and ").append(field).append(" < :").append(field).append("To");
            p.and(field + "To", to);
        }
    }

    /** The next number of the {@code NC-yyyy-nnnn} references. */
    public Uni<Long> nextRefNumber() {
        return getSession()
                .chain(s -> s.createNativeQuery("select nextval('nonconformity_ref_seq')", Long.class)
                        .getSingleResult());
    }

    /**
     * The records in progress of one breach kind and severity.
     *
     * @param oldestOpenedAt when the oldest of them opened
     */
    public record OpenSummary(String breachKind, String severity, long count, Instant oldestOpenedAt) {}

    /** How many records are in progress, by breach kind and severity. */
    public Uni<List<OpenSummary>> openSummary() {
        return getSession()
                .chain(s -> s.createSelectionQuery(
                                "select breachKind, severity, count(*), min(openedAt) from NonconformityEntity"
                                        + " where status not in ('CLOSED', 'DISMISSED', 'RISK_ACCEPTED')"
                                        + " group by breachKind, severity",
                                Object[].class)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new OpenSummary(
                                (String) r[0], (String) r[1], ((Number) r[2]).longValue(), (Instant) r[3]))
                        .toList());
    }

    /** Every record in progress (not closed, dismissed or accepted). */
    public Uni<List<NonconformityEntity>> inProgress() {
        return list("status not in ('CLOSED', 'DISMISSED', 'RISK_ACCEPTED')");
    }

    /** The records a report of {@code [from, to)} covers: opened or finished in it, or still in progress. */
    public Uni<List<NonconformityEntity>> relevant(Instant from, Instant to) {
        return find(
                        "(openedAt >= ?1 and openedAt < ?2) or (closedAt >= ?1 and closedAt < ?2)"
                                + " or status not in ('CLOSED', 'DISMISSED', 'RISK_ACCEPTED')",
                        Sort.ascending("openedAt"),
                        from,
                        to)
                .list();
    }

    /** The records of a model in progress whose signal has not recovered. */
    public Uni<List<NonconformityEntity>> unrecovered(String modelId) {
        return find(
                        "modelId = ?1 and signalRecoveredAt is null"
                                + " and status not in ('CLOSED', 'DISMISSED', 'RISK_ACCEPTED')",
                        modelId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }
}
