package dev.aimon.analysis.messaging;

import dev.aimon.analysis.Analysis;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.kafka.MonitoringPlanEventDeserializer;
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
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            analysis.deletePlan(record.key());
        } else {
            analysis.plan(parse(record.topic(), record.value()));
        }
    }

    /**
     * The plan in a record's value. A value that is not one fails the record, which the channel dead-letters with the
     * reason; the plans after it still arrive (PoisonIT).
     */
    static MonitoringPlanEvent parse(String topic, byte[] value) {
        MonitoringPlanEvent event;
        try (MonitoringPlanEventDeserializer deserializer = new MonitoringPlanEventDeserializer()) {
            event = deserializer.deserialize(topic, value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a monitoring plan event: " + e.getMessage(), e);
        }
        if (event == null || event.modelId() == null || event.plan() == null) {
            throw new IllegalArgumentException("not a monitoring plan event: it needs modelId and plan");
        }
        return event;
    }
}
