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

    /**
     * The most Prometheus series of fairness gauges per model (each group and metric is one): intersections can make
     * many groups; those past the limit are still in the window reports.
     */
    @WithDefault("200")
    int maxGaugeSeries();

    /** The smallest group a verdict may rest on, when the plan does not say. */
    @WithDefault("30")
    int defaultMinGroupSize();

    /**
     * The predictions per model remembered while they wait for a label on {@code aimon.labels} (a hashed id, the
     * window, the outcome, the score and the attributes: about 45 bytes each, so 4.5 MB per model at the default):
     * past it the oldest are let go and their labels count as unmatched.
     */
    @WithDefault("100000")
    int maxPendingLabels();

    /**
     * How long, in event time after its end, a closed window still takes late labels; each window that late labels
     * change is reported again (a new revision).
     */
    @WithDefault("PT24H")
    Duration labelLateness();

    /** The closed windows per model kept for late labels, however recent (a few counts per group each). */
    @WithDefault("200")
    int maxRetainedWindows();
}
