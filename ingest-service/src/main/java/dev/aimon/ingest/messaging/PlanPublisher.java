package dev.aimon.ingest.messaging;

import dev.aimon.events.MonitoringPlanEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes plan versions on the compacted {@code aimon.plans}, keyed by model; a deletion is a tombstone. */
@ApplicationScoped
public class PlanPublisher {

    private final MutinyEmitter<Record<String, MonitoringPlanEvent>> plans;

    public PlanPublisher(@Channel("plans-out") MutinyEmitter<Record<String, MonitoringPlanEvent>> plans) {
        this.plans = plans;
    }

    /** Completes when the broker has the plan. */
    public Uni<Void> publish(MonitoringPlanEvent plan) {
        return plans.send(Record.of(plan.modelId(), plan));
    }

    /**
     * Publishes a tombstone (a null value) for the model: compaction then drops its plans, and the analysis services
     * drop its state and gauges. Completes when the broker has it.
     */
    public Uni<Void> delete(String modelId) {
        return plans.send(Record.of(modelId, null));
    }
}
