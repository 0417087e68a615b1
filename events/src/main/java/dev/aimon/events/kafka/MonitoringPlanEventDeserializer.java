package dev.aimon.events.kafka;

import dev.aimon.events.MonitoringPlanEvent;

/** Reads a {@link MonitoringPlanEvent}. */
public class MonitoringPlanEventDeserializer extends EventDeserializer<MonitoringPlanEvent> {

    public MonitoringPlanEventDeserializer() {
        super(MonitoringPlanEvent.class);
    }
}
