package dev.aimon.analysis;

import dev.aimon.events.MonitoringPlanEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the whole compacted {@code aimon.plans} (every instance needs every plan, so the channel {@code plans-in} has
 * a consumer group of its own per instance); a tombstone deletes a model.
 */
@ApplicationScoped
public class PlanConsumer {

    private final Analysis analysis;

    public PlanConsumer(Analysis analysis) {
        this.analysis = analysis;
    }

    @Incoming("plans-in")
    public void consume(ConsumerRecord<String, MonitoringPlanEvent> record) {
        if (record.value() == null) {
            analysis.deletePlan(record.key());
        } else {
            analysis.plan(record.value());
        }
    }
}
