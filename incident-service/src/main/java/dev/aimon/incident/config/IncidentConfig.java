package dev.aimon.incident.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of incident-service, under {@code aimon.incident}. */
@ConfigMapping(prefix = "aimon.incident")
public interface IncidentConfig {

    /** The largest page {@code GET /v1/nonconformities} returns. */
    @WithDefault("500")
    int maxPageSize();

    /**
     * How long after a nonconformity closes a repeat of its breach reopens it (REOPENED) instead of opening a new
     * record.
     */
    @WithDefault("P30D")
    Duration recurrencePeriod();

    /**
     * A CSV file (breachKind,framework,ref,title) that replaces the built-in mapping of breach kinds to requirements;
     * absent: the mapping of ISO42001.md.
     */
    Optional<Path> requirementMapping();
}
