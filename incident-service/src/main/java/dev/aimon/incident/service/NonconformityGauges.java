package dev.aimon.incident.service;

import dev.aimon.incident.repository.NonconformityRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gauges of the records in progress (any status but CLOSED, DISMISSED and RISK_ACCEPTED):
 * {@code aimon_nonconformities_open{kind,severity}} and {@code aimon_nonconformity_age_seconds{severity}}, the age of
 * the oldest one of each severity (computed at each scrape). Refreshed from the database at start and after every
 * change.
 */
@ApplicationScoped
public class NonconformityGauges {

    private final MeterRegistry registry;
    private final NonconformityRepository nonconformities;
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Instant>> oldest = new ConcurrentHashMap<>();

    public NonconformityGauges(MeterRegistry registry, NonconformityRepository nonconformities) {
        this.registry = registry;
        this.nonconformities = nonconformities;
    }

    void start(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(this::refresh));
    }

    /** Reads the counts again; call it inside a session. */
    public Uni<Void> refresh() {
        return nonconformities.openSummary().invoke(this::set).replaceWithVoid();
    }

    private void set(List<NonconformityRepository.OpenSummary> rows) {
        open.values().forEach(v -> v.set(0));
        oldest.values().forEach(v -> v.set(null));
        for (NonconformityRepository.OpenSummary row : rows) {
            open.computeIfAbsent(row.breachKind() + "|" + row.severity(), k -> {
                        AtomicLong value = new AtomicLong();
                        Gauge.builder("aimon_nonconformities_open", value, AtomicLong::get)
                                .description("nonconformities in progress")
                                .tags("kind", row.breachKind(), "severity", row.severity())
                                .register(registry);
                        return value;
                    })
                    .addAndGet(row.count());
            AtomicReference<Instant> first = oldest.computeIfAbsent(row.severity(), s -> {
                AtomicReference<Instant> value = new AtomicReference<>();
                Gauge.builder("aimon_nonconformity_age_seconds", value, NonconformityGauges::age)
                        .description("age of the oldest nonconformity in progress of this severity")
                        .tags("severity", s)
                        .register(registry);
                return value;
            });
            if (first.get() == null || row.oldestOpenedAt().isBefore(first.get())) {
                first.set(row.oldestOpenedAt());
            }
        }
    }

    private static double age(AtomicReference<Instant> oldest) {
        Instant at = oldest.get();
        return at == null ? 0 : (System.currentTimeMillis() - at.toEpochMilli()) / 1000.0;
    }
}
