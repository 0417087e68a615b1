package dev.aimon.incident.messaging;

import dev.aimon.events.BreachEvent;
import dev.aimon.incident.service.BreachRecorder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records each breach from {@code aimon.breaches}. The record's offset is committed only after the transaction that
 * stores it has committed; a redelivery after a crash finds the breach id and changes nothing.
 */
@ApplicationScoped
public class BreachConsumer {

    private final BreachRecorder service;

    public BreachConsumer(BreachRecorder service) {
        this.service = service;
    }

    @Incoming("breaches-in")
    public Uni<Void> consume(BreachEvent breach) {
        String missing = breach == null ? "the whole event" : missing(breach);
        if (missing != null) {
            // JSON that is not a breach (unknown fields ignored, the required ones absent): dead-lettered, not retried.
            return Uni.createFrom()
                    .failure(new IllegalArgumentException("the record is not a valid BreachEvent: no " + missing));
        }
        return Outages.waitOut(service.record(breach));
    }

    /** The first required field the breach lacks, or null. */
    static String missing(BreachEvent b) {
        if (b.breachId() == null) return "breachId";
        if (b.reportId() == null) return "reportId";
        if (b.modelId() == null) return "modelId";
        if (b.kind() == null) return "kind";
        if (b.result() == null || b.result().metric() == null) return "result.metric";
        return null;
    }
}
