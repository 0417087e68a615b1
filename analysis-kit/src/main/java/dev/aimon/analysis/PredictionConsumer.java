package dev.aimon.analysis;

import dev.aimon.events.PredictionEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds validated predictions (channel {@code predictions-in}) into their model's window; when one closes a window,
 * its report and breaches are published before the record counts as processed. A record that is not a prediction
 * fails, and the channel's failure strategy dead-letters it.
 */
@ApplicationScoped
public class PredictionConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);

    private final Analysis analysis;
    private final ReportPublisher publisher;
    private final MeterRegistry registry;

    public PredictionConsumer(Analysis analysis, ReportPublisher publisher, MeterRegistry registry) {
        this.analysis = analysis;
        this.publisher = publisher;
        this.registry = registry;
    }

    @Incoming("predictions-in")
    public Uni<Void> consume(PredictionEvent event) {
        if (event == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("the record is not a valid PredictionEvent"));
        }
        return until(() -> analysis.hasPlan(event.modelId()), analysis.planWait())
                .chain(planned -> {
                    if (!planned) {
                        LOG.warnf(
                                "skipping event %s: model '%s' has no plan on aimon.plans",
                                event.eventId(), event.modelId());
                        registry.counter(
                                        "aimon_events_unplanned",
                                        "model",
                                        event.modelId(),
                                        "service",
                                        analysis.service())
                                .increment();
                        return Uni.createFrom().voidItem();
                    }
                    return analysis.add(event)
                            .map(publisher::publish)
                            .orElseGet(() -> Uni.createFrom().voidItem());
                });
    }

    /** Waits, without blocking a thread, for a condition that another consumer will make true. */
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
