package dev.aimon.analysis.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.events.EventJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The REST layer writes and reads JSON as the event contract does. */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        EventJson.configure(mapper);
    }
}
