package dev.aimon.events.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aimon.events.EventJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads JSON into one contract event type, ignoring unknown fields; a null value (a tombstone) reads as null. Kafka
 * instantiates deserializers by class name, so each event has a subclass with a no-argument constructor.
 */
public class EventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    protected EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.mapper().readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException(
                    "not a valid " + type.getSimpleName() + " on " + topic + ": " + message(e), e);
        }
    }

    private static String message(IOException e) {
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }
}
