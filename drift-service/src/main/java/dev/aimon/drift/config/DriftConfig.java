package dev.aimon.drift.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of drift-service, under {@code aimon.drift}. */
@ConfigMapping(prefix = "aimon.drift")
public interface DriftConfig {

    /**
     * How long a prediction waits for its model's plan to arrive on {@code aimon.plans} (ingest publishes the plan
     * before it accepts predictions, so this only covers the start of the consumer); after it the event is skipped.
     */
    @WithDefault("PT30S")
    Duration planWait();

    /** How many recent window reports per model {@code GET /v1/models/{modelId}/windows} can return. */
    @WithDefault("200")
    int reportsKept();

    /** The most Prometheus series of drift gauges per model (one per feature and metric). */
    @WithDefault("500")
    int maxGaugeSeries();

    /** The smallest sample (window or reference) a verdict may rest on, when the plan does not say. */
    @WithDefault("30")
    int defaultMinSampleSize();

    /** The significance level of a drift verdict, when the plan does not say. */
    @WithDefault("0.01")
    double defaultAlpha();

    /**
     * How many values of each numeric feature (and of the scores) a window keeps exactly; past it, a uniform sample of
     * that many (the error bound is in the README).
     */
    @WithDefault("100000")
    int exactValues();

    /**
     * How many numeric values a window keeps in all, across its numeric features, predictions and scores (8 bytes
     * each: 4 MB at the default): a model with more than 2 numeric features keeps fewer than {@link #exactValues()}
     * of each, the budget's share, but never fewer than 10,000 (the README has the error bound of each).
     */
    @WithDefault("500000")
    int windowValues();

    /** How many distinct categories of a categorical feature (or prediction) are counted on their own. */
    @WithDefault("1000")
    int maxCategories();

    /**
     * The predictions per model waiting for a late label (for performance; about 41 bytes each, so 4.1 MB per model at
     * the default); past it the oldest are let go.
     */
    @WithDefault("100000")
    int maxPendingLabels();

    /** How long, in event time after its end, a closed window still takes late labels. */
    @WithDefault("PT24H")
    Duration labelLateness();

    /** The closed windows per model kept for late labels (their drift results and confusion counts only). */
    @WithDefault("200")
    int maxRetainedWindows();

    /** The largest reference upload accepted, in rows. */
    @WithDefault("1000000")
    int maxReferenceRows();
}
