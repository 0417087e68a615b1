package dev.aimon.events.kafka;

import dev.aimon.events.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes any contract event as JSON; a null value (a tombstone) stays null. */
public class EventSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.mapper().writeValueAsBytes(data);
        } catch (IOException e) {
            throw new SerializationException(
                    "cannot write " + data.getClass().getSimpleName() + " for " + topic, new UncheckedIOException(e));
        }
    }
}
