package dev.aimon.incident.service;

import dev.aimon.incident.audit.EntryType;
import dev.aimon.incident.config.IncidentConfig;
import dev.aimon.incident.repository.NonconformityEntity;
import dev.aimon.incident.repository.NonconformityRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Escalates a record that stays OPEN longer than its severity allows ({@code aimon.incident.acknowledge-within}):
 * once, with an ESCALATED entry in its history (actor {@code aimon}), then its alert is labelled escalated and the
 * webhooks hear of it.
 */
@ApplicationScoped
public class Escalations {

    private final NonconformityRepository nonconformities;
    private final AuditTrail trail;
    private final Notifier notifier;
    private final IncidentConfig config;

    public Escalations(
            NonconformityRepository nonconformities, AuditTrail trail, Notifier notifier, IncidentConfig config) {
        this.nonconformities = nonconformities;
        this.trail = trail;
        this.notifier = notifier;
        this.config = config;
    }

    @Scheduled(every = "${aimon.incident.escalation-check-interval}", delayed = "5s")
    Uni<Void> check() {
        List<NonconformityEntity> escalated = new ArrayList<>();
        return Panache.withTransaction(() -> nonconformities.unescalated().chain(open -> {
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (NonconformityEntity nc : open) {
                        Duration within = config.acknowledgeWithin().get(nc.severity);
                        if (within == null || !nc.openedAt.plus(within).isBefore(now)) {
                            continue;
                        }
                        escalated.add(nc);
                        Map<String, Object> change = new LinkedHashMap<>();
                        change.put("severity", nc.severity);
                        change.put("acknowledgeWithin", within.toString());
                        change.put("openedAt", nc.openedAt);
                        chain = chain.chain(
                                () -> trail.record(nc, EntryType.ESCALATED, AuditTrail.SERVICE_ACTOR, now, change)
                                        .replaceWithVoid());
                    }
                    return chain;
                }))
                .invoke(() -> escalated.forEach(nc -> notifier.notify(Notifier.Event.ESCALATED, RecordView.of(nc))));
    }
}
