package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON mapping of the contract: ISO-8601 times and durations, unknown fields ignored, nulls left out. */
public final class EventJson {

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

    private EventJson() {}

    /** A shared, thread-safe mapper configured for the contract. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Applies the contract's settings to a mapper (a service's own, for instance), and returns it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
