package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aimon.events.EventJson;
import dev.aimon.events.MetricResult;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.incident.audit.EntryType;
import dev.aimon.incident.repository.MonitoringEventRepository;
import dev.aimon.incident.repository.NonconformityEntity;
import dev.aimon.incident.repository.NonconformityRepository;
import dev.aimon.incident.repository.WindowReportEntity;
import dev.aimon.incident.repository.WindowReportRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Keeps every window report as evidence that monitoring ran (clause 9.1); a repeated report id changes nothing. */
@ApplicationScoped
public class EvidenceService {

    private final WindowReportRepository reports;
    private final MonitoringEventRepository events;
    private final NonconformityRepository nonconformities;
    private final AuditTrail trail;

    public EvidenceService(
            WindowReportRepository reports,
            MonitoringEventRepository events,
            NonconformityRepository nonconformities,
            AuditTrail trail) {
        this.reports = reports;
        this.events = events;
        this.nonconformities = nonconformities;
        this.trail = trail;
    }

    /**
     * Notes on each record in progress of the report's model whose metric the report shows back within its bounds
     * (verdict OK) that its signal recovered: once, a SIGNAL_RECOVERED entry; the record stays open (clause 10.2 wants
     * the cause found and the correction reviewed, not a quiet window).
     */
    private Uni<Void> recoveries(WindowReportEvent report, Instant now) {
        List<MetricResult> ok =
                report.results().stream().filter(r -> r.verdict() == Verdict.OK).toList();
        if (ok.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return nonconformities.unrecovered(report.modelId()).chain(records -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (NonconformityEntity nc : records) {
                for (MetricResult r : ok) {
                    if (r.metric().name().equals(nc.metric)
                            && Objects.equals(r.attribute(), nc.attribute)
                            && Objects.equals(r.group(), nc.groupName)
                            && Objects.equals(r.feature(), nc.feature)) {
                        Map<String, Object> change = new LinkedHashMap<>();
                        change.put("reportId", report.reportId());
                        change.put("value", r.value());
                        change.put("window", report.window());
                        chain = chain.chain(() -> trail.record(
                                        nc, EntryType.SIGNAL_RECOVERED, AuditTrail.SERVICE_ACTOR, now, change)
                                .replaceWithVoid());
                        break;
                    }
                }
            }
            return chain;
        });
    }

    /** Stores a report in one transaction; completes when it is stored (or was already). */
    public Uni<Void> record(WindowReportEvent report) {
        return Panache.withTransaction(() -> reports.findById(report.reportId()).chain(seen -> {
            if (seen != null) {
                return Uni.createFrom().voidItem();
            }
            WindowReportEntity e = new WindowReportEntity();
            e.reportId = report.reportId();
            e.service = report.service();
            e.modelId = report.modelId();
            e.modelVersion = report.modelVersion();
            e.planVersion = report.planVersion();
            e.windowStart = report.window().start();
            e.windowEnd = report.window().end();
            e.windowEvents = report.window().events();
            e.results = report.results().size();
            e.breaches = (int) report.results().stream()
                    .filter(r -> r.verdict() == Verdict.BREACH)
                    .count();
            e.receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            try {
                e.report = EventJson.mapper().writeValueAsString(report);
            } catch (JsonProcessingException ex) {
                throw new UncheckedIOException(ex);
            }
            return reports.persist(e).chain(() -> recoveries(report, e.receivedAt));
        }));
    }

    /**
     * How much evidence a model has: window reports kept, breaches received, and how many of those no record holds
     * (below the promotion policy's persistence so far).
     */
    public record Counts(String modelId, long windowReports, long breaches, long breachesWithoutRecord) {}

    /** The evidence counts of a model. */
    public Uni<Counts> count(String modelId) {
        return Panache.withSession(() -> reports.count("modelId", modelId)
                .chain(windows -> events.count("modelId", modelId)
                        .chain(breaches -> events.count("modelId = ?1 and nonconformityId is null", modelId)
                                .map(pending -> new Counts(modelId, windows, breaches, pending)))));
    }
}
