package dev.aimon.incident.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of incident-service, under {@code aimon.incident}. */
@ConfigMapping(prefix = "aimon.incident")
public interface IncidentConfig {

    /** The largest page {@code GET /v1/nonconformities} returns. */
    @WithDefault("500")
    int maxPageSize();
}
