package dev.aimon.drift.messaging;

import dev.aimon.drift.config.DriftConfig;
import dev.aimon.drift.service.DriftMonitor;
import dev.aimon.events.PredictionEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds validated predictions into their model's window; when one closes a window, the report and its breaches are
 * published before the record counts as processed.
 */
@ApplicationScoped
public class PredictionConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);

    private final DriftMonitor monitor;
    private final ReportPublisher publisher;
    private final DriftConfig config;
    private final MeterRegistry registry;

    public PredictionConsumer(
            DriftMonitor monitor, ReportPublisher publisher, DriftConfig config, MeterRegistry registry) {
        this.monitor = monitor;
        this.publisher = publisher;
        this.config = config;
        this.registry = registry;
    }

    @Incoming("predictions-in")
    public Uni<Void> consume(PredictionEvent event) {
        if (event == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("the record is not a valid PredictionEvent"));
        }
        return PlanWait.until(() -> monitor.hasPlan(event.modelId()), config.planWait())
                .chain(planned -> {
                    if (!planned) {
                        LOG.warnf(
                                "skipping event %s: model '%s' has no plan on aimon.plans",
                                event.eventId(), event.modelId());
                        registry.counter("aimon_events_unplanned", "model", event.modelId())
                                .increment();
                        return Uni.createFrom().voidItem();
                    }
                    return monitor.add(event)
                            .map(e -> publisher.publish(e.report(), e.breaches()))
                            .orElseGet(() -> Uni.createFrom().voidItem());
                });
    }

    /** Waits, without blocking a thread, for a condition that another consumer will make true. */
    static final class PlanWait {
        private PlanWait() {}

        static Uni<Boolean> until(BooleanSupplier condition, Duration atMost) {
            if (condition.getAsBoolean()) {
                return Uni.createFrom().item(true);
            }
            return Uni.createFrom()
                    .item(() -> condition.getAsBoolean() ? Boolean.TRUE : null)
                    .onItem()
                    .ifNull()
                    .failWith(NotYet::new)
                    .onFailure(NotYet.class)
                    .retry()
                    .withBackOff(Duration.ofMillis(20), Duration.ofMillis(500))
                    .expireIn(atMost.toMillis())
                    .onFailure()
                    .recoverWithItem(false);
        }

        private static final class NotYet extends RuntimeException {
            NotYet() {
                super(null, null, false, false);
            }
        }
    }
}
