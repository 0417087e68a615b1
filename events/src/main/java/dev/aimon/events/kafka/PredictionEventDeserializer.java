package dev.aimon.events.kafka;

import dev.aimon.events.PredictionEvent;

/** Reads a {@link PredictionEvent}. */
public class PredictionEventDeserializer extends EventDeserializer<PredictionEvent> {

    public PredictionEventDeserializer() {
        super(PredictionEvent.class);
    }
}
