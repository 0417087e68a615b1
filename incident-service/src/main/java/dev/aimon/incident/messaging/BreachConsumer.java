package dev.aimon.incident.messaging;

import dev.aimon.events.BreachEvent;
import dev.aimon.incident.service.NonconformityService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records each breach from {@code aimon.breaches}. The record's offset is committed only after the transaction that
 * stores it has committed; a redelivery after a crash finds the breach id and changes nothing.
 */
@ApplicationScoped
public class BreachConsumer {

    private final NonconformityService service;

    public BreachConsumer(NonconformityService service) {
        this.service = service;
    }

    @Incoming("breaches-in")
    public Uni<Void> consume(BreachEvent breach) {
        if (breach == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("the record is not a valid BreachEvent"));
        }
        return Outages.waitOut(service.record(breach));
    }
}
