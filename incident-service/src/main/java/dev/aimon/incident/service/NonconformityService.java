package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.EventJson;
import dev.aimon.events.MetricResult;
import dev.aimon.events.Threshold;
import dev.aimon.incident.Lifecycle;
import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.RequirementCatalogue;
import dev.aimon.incident.SeriousIncidents;
import dev.aimon.incident.TransitionRequest;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.config.IncidentConfig;
import dev.aimon.incident.repository.BreachKey;
import dev.aimon.incident.repository.MonitoringEventEntity;
import dev.aimon.incident.repository.MonitoringEventRepository;
import dev.aimon.incident.repository.NonconformityEntity;
import dev.aimon.incident.repository.NonconformityRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.NotFoundException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Turns breaches into records: each breach becomes a monitoring event (a repeated breach id is ignored), and opens a
 * nonconformity or attaches to the open one for the same model, breach kind, metric and attribute, group or feature.
 */
@ApplicationScoped
public class NonconformityService {

    private static final Logger LOG = Logger.getLogger(NonconformityService.class);

    /** The actor of the changes the service makes itself. */
    static final String SERVICE_ACTOR = "aimon";

    private final MonitoringEventRepository events;
    private final NonconformityRepository nonconformities;
    private final AuditTrail trail;
    private final RequirementCatalogue catalogue;
    private final IncidentConfig config;
    private final NonconformityGauges gauges;
    private final Notifier notifier;

    public NonconformityService(
            MonitoringEventRepository events,
            NonconformityRepository nonconformities,
            AuditTrail trail,
            RequirementCatalogue catalogue,
            IncidentConfig config,
            NonconformityGauges gauges,
            Notifier notifier) {
        this.events = events;
        this.nonconformities = nonconformities;
        this.trail = trail;
        this.catalogue = catalogue;
        this.config = config;
        this.gauges = gauges;
        this.notifier = notifier;
    }

    /** Records one breach in one transaction; completes when it is stored (or was already). */
    public Uni<Void> record(BreachEvent breach) {
        AtomicReference<Notice> notice = new AtomicReference<>();
        return Panache.withTransaction(() -> events.findById(breach.breachId()).chain(seen -> {
                    if (seen != null) {
                        LOG.debugf("breach %s already recorded", breach.breachId());
                        return Uni.createFrom().voidItem();
                    }
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    BreachKey key = BreachKey.of(breach);
                    return nonconformities
                            .findOpen(key)
                            .chain(open -> open != null
                                    ? attach(open, breach, now)
                                    : nonconformities
                                            .findRecurrence(key, now.minus(config.recurrencePeriod()))
                                            .chain(closed -> closed != null
                                                    ? reopen(closed, breach, now)
                                                            .invoke(nc ->
                                                                    notice.set(new Notice(Notifier.Event.REOPENED, nc)))
                                                    : promote(breach, now).invoke(nc -> {
                                                        if (nc != null) {
                                                            notice.set(new Notice(Notifier.Event.OPENED, nc));
                                                        }
                                                    })))
                            .chain(nc -> events.persist(event(breach, nc, now)))
                            .replaceWithVoid();
                }))
                .invoke(() -> {
                    Notice n = notice.get();
                    if (n != null) {
                        notifier.notify(n.event(), view(n.record()));
                    }
                })
                .call(() -> Panache.withSession(gauges::refresh));
    }

    /** A change to tell people about once it has committed. */
    private record Notice(Notifier.Event event, NonconformityEntity record) {}

    /** A page of the records that pass the filter, in the given order. */
    public Uni<List<Nonconformity>> list(NonconformityRepository.Filter filter, String sort, int page, int size) {
        return Panache.withSession(() -> nonconformities.list(filter, sort, page, size))
                .map(list -> list.stream().map(NonconformityService::view).toList());
    }

    private Uni<NonconformityEntity> attach(NonconformityEntity open, BreachEvent breach, Instant now) {
        open.occurrences++;
        open.signalRecoveredAt = null;
        Instant at = detectedAt(breach);
        if (at.isAfter(open.lastBreachAt)) {
            open.lastBreachAt = at;
        }
        return trail.append(open.id, "BREACH_ATTACHED", SERVICE_ACTOR, now, occurrence(breach))
                .replaceWith(open);
    }

    /** A repeat of a closed record's breach within the recurrence period: the record reopens (clause 10.2). */
    private Uni<NonconformityEntity> reopen(NonconformityEntity closed, BreachEvent breach, Instant now) {
        Map<String, Object> change = new LinkedHashMap<>(occurrence(breach));
        change.put("from", closed.status);
        change.put("to", Lifecycle.Status.REOPENED.name());
        change.put("recurrencePeriod", config.recurrencePeriod().toString());
        closed.status = Lifecycle.Status.REOPENED.name();
        closed.occurrences++;
        closed.lastBreachAt = detectedAt(breach);
        closed.lifecycle = withSection(closed.lifecycle, "REOPENED", change, SERVICE_ACTOR, now);
        return trail.append(closed.id, "REOPENED", SERVICE_ACTOR, now, change).replaceWith(closed);
    }

    private static Map<String, Object> occurrence(BreachEvent breach) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("breachId", breach.breachId());
        change.put("reportId", breach.reportId());
        change.put("detectedAt", detectedAt(breach));
        change.put("value", breach.result().value());
        change.put("pValue", breach.result().pValue());
        change.put("window", breach.window());
        return change;
    }

    /**
     * Moves a record through the clause 10.2 lifecycle: checks the move ({@link Lifecycle}), appends it to the
     * history and updates the record, in one transaction under the record's row lock.
     *
     * @throws NotFoundException when there is no such record
     */
    public Uni<Nonconformity> transition(UUID id, TransitionRequest request) {
        return Panache.withTransaction(() -> nonconformities
                        .findById(id, LockModeType.PESSIMISTIC_WRITE)
                        .chain(nc -> {
                            if (nc == null) {
                                throw new NotFoundException("no nonconformity " + id);
                            }
                            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                            Lifecycle.Status from = Lifecycle.Status.valueOf(nc.status);
                            Lifecycle.Move move = Lifecycle.check(
                                    from, context(nc.lifecycle), request, LocalDate.ofInstant(now, ZoneOffset.UTC));
                            Map<String, Object> change =
                                    new LinkedHashMap<>(AuditTrail.read(AuditTrail.canonical(request)));
                            change.remove("actor");
                            change.put("from", from.name());
                            change.put("to", move.to().name());
                            String section =
                                    move.type().equals("TRANSITION") ? move.to().name() : move.type();
                            Map<String, Object> lifecycle = AuditTrail.read(nc.lifecycle);
                            if (!move.type().equals("DISMISSAL_REQUESTED")) {
                                lifecycle.remove("DISMISSAL_REQUESTED");
                            }
                            nc.lifecycle =
                                    withSection(AuditTrail.canonical(lifecycle), section, change, request.actor(), now);
                            if (move.type().equals("TRANSITION")) {
                                project(nc, move.to(), request);
                            }
                            return trail.append(nc.id, move.type(), request.actor(), now, change)
                                    .replaceWith(nc);
                        })
                        .map(NonconformityService::view))
                .invoke(nc -> {
                    if (Lifecycle.Status.valueOf(nc.status()).terminal()) {
                        notifier.notify(Notifier.Event.CLOSED, nc);
                    }
                })
                .call(() -> Panache.withSession(gauges::refresh));
    }

    /** The projection columns a move changes: status, owner, the next due date, the closing time. */
    private static void project(NonconformityEntity nc, Lifecycle.Status to, TransitionRequest request) {
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
        if (to == Lifecycle.Status.CONTAINED && serious != null && Boolean.TRUE.equals(serious.serious())) {
            nc.recordClass = "SERIOUS_INCIDENT";
            nc.seriousCategory = serious.category();
            nc.awareAt = serious.awareAt();
            nc.reportDeadline = SeriousIncidents.deadline(serious.category(), serious.awareAt());
            List<RequirementCatalogue.RequirementRef> refs =
                    new ArrayList<>(readList(nc.requirementRefs, RequirementCatalogue.RequirementRef[].class));
            refs.add(new RequirementCatalogue.RequirementRef("EU-AI-ACT", "Art.73", "Reporting of serious incidents"));
            nc.requirementRefs = AuditTrail.canonical(refs);
        }
        if (to.terminal()) {
            nc.closedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
    }

    /** The serious incidents whose Art. 73 report is due before {@code before}, soonest first. */
    public Uni<List<Nonconformity>> seriousIncidents(Instant before) {
        return Panache.withSession(() -> nonconformities.seriousIncidents(before))
                .map(list -> list.stream().map(NonconformityService::view).toList());
    }

    /** One record with its lifecycle data. */
    public Uni<Nonconformity> get(UUID id) {
        return Panache.withSession(() -> nonconformities.findById(id)).map(nc -> {
            if (nc == null) {
                throw new NotFoundException("no nonconformity " + id);
            }
            return view(nc);
        });
    }

    /**
     * A record's history with the verification of its chain, and whether the record's status is the one its history
     * leads to.
     */
    public Uni<History> history(UUID id) {
        return Panache.withSession(() -> nonconformities.findById(id).chain(nc -> {
            if (nc == null) {
                throw new NotFoundException("no nonconformity " + id);
            }
            return trail.history(id).map(entries -> {
                AuditChain.Verification chain = AuditChain.verify(entries);
                String derived = statusOf(entries);
                boolean matches = nc.status.equals(derived);
                return new History(id, nc.ref, chain.verified() && matches, chain, nc.status, derived, entries);
            });
        }));
    }

    /**
     * A record's history and what its verification found.
     *
     * @param verified the chain verifies and the record's status is the one the chain leads to
     * @param chain the verification of the hashes
     * @param status the record's status
     * @param statusFromHistory the status its history leads to
     * @param entries the history, oldest first
     */
    public record History(
            UUID nonconformityId,
            String ref,
            boolean verified,
            AuditChain.Verification chain,
            String status,
            String statusFromHistory,
            List<AuditChain.Entry> entries) {}

    /** The status a history leads to: OPEN at creation, then each move's {@code to}. */
    static String statusOf(List<AuditChain.Entry> entries) {
        String status = null;
        for (AuditChain.Entry e : entries) {
            if (e.type().equals("CREATED")) {
                status = Lifecycle.Status.OPEN.name();
            } else if (e.type().equals("TRANSITION") || e.type().equals("REOPENED")) {
                Object to = AuditTrail.read(e.change()).get("to");
                status = to == null ? status : to.toString();
            }
        }
        return status;
    }

    /** What the lifecycle rules need of a record's lifecycle data. */
    @SuppressWarnings("unchecked")
    static Lifecycle.Context context(String lifecycleJson) {
        Map<String, Object> lifecycle = AuditTrail.read(lifecycleJson);
        Set<String> owners = new TreeSet<>();
        int planned = 0;
        if (lifecycle.get("ACTION_PLANNED") instanceof Map<?, ?> plan
                && plan.get("actions") instanceof List<?> actions) {
            planned = actions.size();
            for (Object a : actions) {
                if (a instanceof Map<?, ?> action && action.get("owner") != null) {
                    owners.add(action.get("owner").toString());
                }
            }
        }
        String requestedBy =
                lifecycle.get("DISMISSAL_REQUESTED") instanceof Map<?, ?> request ? (String) request.get("by") : null;
        return new Lifecycle.Context(owners, planned, requestedBy);
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

    /**
     * The promotion policy: a breach opens a record when its kind's persistence is reached, counting the breaches of
     * the same model, kind, metric and group or feature since the last record of them opened; until then it stays a
     * monitoring event (null).
     */
    private Uni<NonconformityEntity> promote(BreachEvent breach, Instant now) {
        IncidentConfig.Policy policy = policy(breach.kind().name());
        if (policy.persistence() <= 1) {
            return open(breach, now, List.of(breach.breachId()));
        }
        BreachKey key = BreachKey.of(breach);
        return nonconformities
                .findLatest(key)
                .chain(latest -> events.pending(key, latest == null ? null : latest.openedAt))
                .chain(pending -> {
                    if (pending.size() + 1 < policy.persistence()) {
                        LOG.debugf(
                                "breach %s: %d of %d windows, kept as a monitoring event",
                                breach.breachId(), pending.size() + 1, policy.persistence());
                        return Uni.createFrom().nullItem();
                    }
                    List<String> sources = new ArrayList<>();
                    pending.forEach(e -> sources.add(e.breachId));
                    sources.add(breach.breachId());
                    return open(breach, now, sources);
                });
    }

    private IncidentConfig.Policy policy(String kind) {
        IncidentConfig.Policy policy = config.policy().get(kind);
        return policy != null ? policy : DEFAULT_POLICY;
    }

    /** The policy of a breach kind the configuration does not list. */
    private static final IncidentConfig.Policy DEFAULT_POLICY = new IncidentConfig.Policy() {
        @Override
        public String severity() {
            return "S3";
        }

        @Override
        public int persistence() {
            return 1;
        }
    };

    private Uni<NonconformityEntity> open(BreachEvent breach, Instant now, List<String> sourceBreachIds) {
        return nonconformities.nextRefNumber().chain(number -> {
            MetricResult r = breach.result();
            NonconformityEntity nc = new NonconformityEntity();
            nc.id = UuidV7.at(now.toEpochMilli());
            nc.ref = "NC-%d-%04d".formatted(now.atZone(ZoneOffset.UTC).getYear(), number);
            nc.status = "OPEN";
            nc.recordClass = "NONCONFORMITY";
            IncidentConfig.Policy policy = policy(breach.kind().name());
            nc.severity = policy.severity();
            nc.severityReason = "policy: " + breach.kind() + " breaches are " + nc.severity + " (aimon.incident.policy."
                    + breach.kind() + ".severity), opened after " + sourceBreachIds.size() + " breaching window(s)";
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
            nc.reportId = breach.reportId();
            nc.windowStart = breach.window() == null ? null : breach.window().start();
            nc.windowEnd = breach.window() == null ? null : breach.window().end();
            nc.windowEvents = breach.window() == null ? null : breach.window().events();
            nc.firstBreachAt = detectedAt(breach);
            nc.lastBreachAt = nc.firstBreachAt;
            nc.occurrences = 1;
            nc.openedAt = now;
            nc.requirementRefs = AuditTrail.canonical(catalogue.forKind(nc.breachKind));
            if (r.ci() != null && r.ci().size() == 2) {
                nc.ciLower = r.ci().get(0);
                nc.ciUpper = r.ci().get(1);
            }
            nc.referenceHash = breach.referenceHash();
            nc.sourceBreachIds = AuditTrail.canonical(sourceBreachIds);
            return nonconformities
                    .persist(nc)
                    .chain(() ->
                            trail.append(nc.id, "CREATED", SERVICE_ACTOR, now, created(nc, breach, sourceBreachIds)))
                    .replaceWith(nc);
        });
    }

    /** What the record was created from: the trace that ISO42001.md requires at creation. */
    private Map<String, Object> created(NonconformityEntity nc, BreachEvent breach, List<String> sourceBreachIds) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("sourceBreachIds", sourceBreachIds);
        change.put("ref", nc.ref);
        change.put("recordClass", nc.recordClass);
        change.put("severity", nc.severity);
        change.put("severityReason", nc.severityReason);
        change.put("requirementRefs", catalogue.forKind(nc.breachKind));
        change.put("breach", breach);
        return change;
    }

    private static MonitoringEventEntity event(BreachEvent breach, NonconformityEntity nc, Instant now) {
        MonitoringEventEntity e = new MonitoringEventEntity();
        e.breachId = breach.breachId();
        e.reportId = breach.reportId();
        e.modelId = breach.modelId();
        e.breachKind = breach.kind().name();
        e.metric = breach.result().metric().name();
        e.detectedAt = breach.detectedAt();
        e.receivedAt = now;
        e.nonconformityId = nc == null ? null : nc.id;
        e.attribute = breach.result().attribute();
        e.groupName = breach.result().group();
        e.feature = breach.result().feature();
        try {
            e.breach = EventJson.mapper().writeValueAsString(breach);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
        return e;
    }

    private static Instant detectedAt(BreachEvent breach) {
        return (breach.detectedAt() == null ? Instant.now() : breach.detectedAt()).truncatedTo(ChronoUnit.MICROS);
    }

    static Nonconformity view(NonconformityEntity e) {
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

    /**
     * Adds a note that is not a move to a record's history and lifecycle data (a communication, a report to the
     * authority): appended to the list {@code section}.
     *
     * @throws NotFoundException when there is no such record
     */
    public Uni<Nonconformity> annotate(
            UUID id, String type, String section, String actor, Object note, Predicate<NonconformityEntity> allowed) {
        return Panache.withTransaction(() -> nonconformities
                .findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(nc -> {
                    if (nc == null) {
                        throw new NotFoundException("no nonconformity " + id);
                    }
                    allowed.test(nc);
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    Map<String, Object> change = new LinkedHashMap<>(AuditTrail.read(AuditTrail.canonical(note)));
                    Map<String, Object> lifecycle = AuditTrail.read(nc.lifecycle);
                    List<Object> notes =
                            lifecycle.get(section) instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
                    Map<String, Object> entry = new LinkedHashMap<>(change);
                    entry.put("by", actor);
                    entry.put("recordedAt", now);
                    notes.add(entry);
                    lifecycle.put(section, notes);
                    nc.lifecycle = AuditTrail.canonical(lifecycle);
                    return trail.append(nc.id, type, actor, now, change).replaceWith(nc);
                })
                .map(NonconformityService::view));
    }

    /** A JSON list stored in a column, read back. */
    private static <T> List<T> readList(String json, Class<T[]> type) {
        try {
            return List.of(AuditTrail.CANONICAL.readValue(json, type));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
