package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.BreachKind;
import dev.aimon.events.EventJson;
import dev.aimon.events.MetricResult;
import dev.aimon.events.Threshold;
import dev.aimon.incident.Nonconformity;
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
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Turns breaches into records: each breach becomes a monitoring event (a repeated breach id is ignored), and opens a
 * nonconformity or attaches to the open one for the same model, breach kind, metric and attribute, group or feature.
 */
@ApplicationScoped
public class NonconformityService {

    private static final Logger LOG = Logger.getLogger(NonconformityService.class);

    private final MonitoringEventRepository events;
    private final NonconformityRepository nonconformities;

    public NonconformityService(MonitoringEventRepository events, NonconformityRepository nonconformities) {
        this.events = events;
        this.nonconformities = nonconformities;
    }

    /** Records one breach in one transaction; completes when it is stored (or was already). */
    public Uni<Void> record(BreachEvent breach) {
        return Panache.withTransaction(() -> events.findById(breach.breachId()).chain(seen -> {
            if (seen != null) {
                LOG.debugf("breach %s already recorded", breach.breachId());
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            MetricResult r = breach.result();
            return nonconformities
                    .findOpen(
                            breach.modelId(),
                            breach.kind().name(),
                            r.metric().name(),
                            r.attribute(),
                            r.group(),
                            r.feature())
                    .chain(open -> open != null ? attach(open, breach) : open(breach, now))
                    .chain(nc -> events.persist(event(breach, nc, now)))
                    .replaceWithVoid();
        }));
    }

    /** Newest first. */
    public Uni<List<Nonconformity>> list(String modelId, String status, int page, int size) {
        return Panache.withSession(() -> nonconformities.list(modelId, status, page, size))
                .map(list -> list.stream().map(NonconformityService::view).toList());
    }

    private Uni<NonconformityEntity> attach(NonconformityEntity open, BreachEvent breach) {
        open.occurrences++;
        Instant at = detectedAt(breach);
        if (at.isAfter(open.lastBreachAt)) {
            open.lastBreachAt = at;
        }
        return Uni.createFrom().item(open);
    }

    private Uni<NonconformityEntity> open(BreachEvent breach, Instant now) {
        return nonconformities.nextRefNumber().chain(number -> {
            MetricResult r = breach.result();
            NonconformityEntity nc = new NonconformityEntity();
            nc.id = UuidV7.at(now.toEpochMilli());
            nc.ref = "NC-%d-%04d".formatted(now.atZone(ZoneOffset.UTC).getYear(), number);
            nc.status = "OPEN";
            nc.recordClass = "NONCONFORMITY";
            nc.severity = breach.kind() == BreachKind.FAIRNESS ? "S2" : "S3";
            nc.severityReason = "default policy: " + breach.kind() + " breaches are " + nc.severity;
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
            return nonconformities.persist(nc);
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
        e.nonconformityId = nc.id;
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
                        e.pValue),
                new Nonconformity.WindowTrace(e.windowStart, e.windowEnd, e.windowEvents),
                e.reportId,
                e.firstBreachAt,
                e.lastBreachAt,
                e.occurrences,
                e.openedAt);
    }
}
