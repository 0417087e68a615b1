package dev.aimon.events.kafka;

import dev.aimon.events.LabelEvent;

/** Reads a {@link LabelEvent}. */
public class LabelEventDeserializer extends EventDeserializer<LabelEvent> {

    public LabelEventDeserializer() {
        super(LabelEvent.class);
    }
}
