package dev.aimon.fairness.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of fairness-service, under {@code aimon.fairness}. */
@ConfigMapping(prefix = "aimon.fairness")
public interface FairnessConfig {

    /**
     * How long a prediction waits for its model's plan to arrive on {@code aimon.plans} (ingest publishes the plan
     * before it accepts predictions, so this only covers the start of the consumer); after it the event is skipped.
     */
    @WithDefault("PT30S")
    Duration planWait();

    /** How many recent window reports per model {@code GET /v1/models/{modelId}/windows} can return. */
    @WithDefault("200")
    int reportsKept();

    /** The smallest group a verdict may rest on, when the plan does not say. */
    @WithDefault("30")
    int defaultMinGroupSize();
}
