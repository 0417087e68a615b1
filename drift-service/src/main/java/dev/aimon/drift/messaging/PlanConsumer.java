package dev.aimon.drift.messaging;

import dev.aimon.drift.service.DriftMonitor;
import dev.aimon.events.MonitoringPlanEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads the whole compacted {@code aimon.plans} (every instance needs every plan); a tombstone deletes a model. */
@ApplicationScoped
public class PlanConsumer {

    private final DriftMonitor monitor;

    public PlanConsumer(DriftMonitor monitor) {
        this.monitor = monitor;
    }

    @Incoming("plans-in")
    public void consume(ConsumerRecord<String, MonitoringPlanEvent> record) {
        if (record.value() == null) {
            monitor.deletePlan(record.key());
        } else {
            monitor.plan(record.value());
        }
    }
}
