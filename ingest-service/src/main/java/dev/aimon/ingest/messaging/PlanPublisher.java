package dev.aimon.ingest.messaging;

import dev.aimon.events.MonitoringPlanEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes plan versions on the compacted {@code aimon.plans}, keyed by model. */
@ApplicationScoped
public class PlanPublisher {

    private final MutinyEmitter<MonitoringPlanEvent> plans;

    public PlanPublisher(@Channel("plans-out") MutinyEmitter<MonitoringPlanEvent> plans) {
        this.plans = plans;
    }

    /** Completes when the broker has the plan. */
    public Uni<Void> publish(MonitoringPlanEvent plan) {
        return plans.sendMessage(KafkaRecord.of(plan.modelId(), plan));
    }
}
