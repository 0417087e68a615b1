package dev.aimon.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of ingest-service, under {@code aimon.ingest}. */
@ConfigMapping(prefix = "aimon.ingest")
public interface IngestConfig {

    /** How far in the future an event's timestamp may lie before it is rejected (clock skew of the producer). */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /** The most events one request may carry; a larger batch is refused with 413. */
    @WithDefault("10000")
    int maxBatchEvents();

    /**
     * How long the first half of a KServe request/response pair waits for the other (same {@code ce-id}); past it the
     * half is dropped and counted in {@code aimon_kserve_unpaired_total}.
     */
    @WithDefault("PT5M")
    Duration kservePairTimeout();

    /** The most KServe halves waiting for their pair (the oldest go first, counted as unpaired). */
    @WithDefault("10000")
    int kserveMaxPending();

    /**
     * How long an accepted event id is remembered: a repeat within it (the same kind, model and event id) is answered
     * as a duplicate and not published again. {@code PT0S} turns it off.
     */
    @WithDefault("PT24H")
    Duration idempotencyHorizon();

    /**
     * The most events handed to the Kafka producer and not yet acknowledged, over all requests: a batch that would pass
     * it is answered 429 with Retry-After instead of being buffered. Keep it below the emitters' buffer (100,000).
     */
    @WithDefault("50000")
    int maxInFlightEvents();

    /** How long a batch waits for the broker's acknowledgements before it is answered 503 with Retry-After. */
    @WithDefault("PT10S")
    Duration publishTimeout();
}
