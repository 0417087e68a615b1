package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.EventJson;
import dev.aimon.incident.Lifecycle;
import dev.aimon.incident.RequirementCatalogue;
import dev.aimon.incident.audit.EntryType;
import dev.aimon.incident.config.IncidentConfig;
import dev.aimon.incident.repository.BreachKey;
import dev.aimon.incident.repository.MonitoringEventEntity;
import dev.aimon.incident.repository.MonitoringEventRepository;
import dev.aimon.incident.repository.NonconformityEntity;
import dev.aimon.incident.repository.NonconformityRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Turns breaches into records: each breach becomes a monitoring event (a repeated breach id is ignored), and, by the
 * promotion policy, opens a nonconformity, attaches to the one in progress for the same model, breach kind, metric and
 * attribute, group or feature, or reopens a closed one within the recurrence period.
 */
@ApplicationScoped
public class BreachRecorder {

    private static final Logger LOG = Logger.getLogger(BreachRecorder.class);

    private final MonitoringEventRepository events;
    private final NonconformityRepository nonconformities;
    private final AuditTrail trail;
    private final RequirementCatalogue catalogue;
    private final IncidentConfig config;
    private final NonconformityGauges gauges;
    private final Notifier notifier;

    public BreachRecorder(
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
                        notifier.notify(n.event(), RecordView.of(n.record()));
                    }
                })
                .call(() -> Panache.withSession(gauges::refresh));
    }

    /** A change to tell people about once it has committed. */
    private record Notice(Notifier.Event event, NonconformityEntity record) {}

    private Uni<NonconformityEntity> attach(NonconformityEntity open, BreachEvent breach, Instant now) {
        return trail.record(open, EntryType.BREACH_ATTACHED, AuditTrail.SERVICE_ACTOR, now, occurrence(breach));
    }

    /** A repeat of a closed record's breach within the recurrence period: the record reopens (clause 10.2). */
    private Uni<NonconformityEntity> reopen(NonconformityEntity closed, BreachEvent breach, Instant now) {
        Map<String, Object> change = new LinkedHashMap<>(occurrence(breach));
        change.put("from", closed.status);
        change.put("to", Lifecycle.Status.REOPENED.name());
        change.put("recurrencePeriod", config.recurrencePeriod().toString());
        return trail.record(closed, EntryType.REOPENED, AuditTrail.SERVICE_ACTOR, now, change);
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
            String severity = policy(breach.kind().name()).severity();
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("sourceBreachIds", sourceBreachIds);
            change.put("ref", "NC-%d-%04d".formatted(now.atZone(ZoneOffset.UTC).getYear(), number));
            change.put("recordClass", "NONCONFORMITY");
            change.put("severity", severity);
            change.put(
                    "severityReason",
                    "policy: " + breach.kind() + " breaches are " + severity
                            + " (aimon.incident.policy." + breach.kind() + ".severity), opened after "
                            + sourceBreachIds.size()
                            + " breaching window(s)");
            change.put("requirementRefs", catalogue.forKind(breach.kind().name()));
            change.put("firstBreachAt", detectedAt(breach));
            change.put("breach", breach);
            return trail.create(UuidV7.at(now.toEpochMilli()), now, change);
        });
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
}
