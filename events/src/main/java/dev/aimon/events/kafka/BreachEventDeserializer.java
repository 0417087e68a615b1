package dev.aimon.events.kafka;

import dev.aimon.events.BreachEvent;

/** Reads a {@link BreachEvent}. */
public class BreachEventDeserializer extends EventDeserializer<BreachEvent> {

    public BreachEventDeserializer() {
        super(BreachEvent.class);
    }
}
