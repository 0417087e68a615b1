package dev.aimon.analysis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What the analysis services (fairness, drift) share: the stream, its checkpoints and revisions after late labels. */
@ConfigMapping(prefix = "aimon.analysis")
public interface AnalysisConfig {

    /**
     * The longest time between two checkpoints of a partition that is taking events: with {@link
     * #checkpointRecords()}, what a crash makes the service read again. A checkpoint is written off the stream's
     * thread, after the reports of the records it covers are published.
     */
    @WithDefault("PT10S")
    Duration checkpointInterval();

    /** A partition is also checkpointed after this many records since its last checkpoint. */
    @WithDefault("500000")
    long checkpointRecords();

    /** How often windows that late labels changed are evaluated and reported again. */
    @WithDefault("PT10S")
    Duration revisionInterval();

    /** The threads that evaluate closed windows (each partition's windows in order, partitions side by side). */
    @WithDefault("1")
    int evaluatorThreads();

    /**
     * The most evaluations, publications and checkpoint writes waiting behind the stream; past it the stream waits
     * (back-pressure), so a slow broker or database cannot make the backlog grow without bound.
     */
    @WithDefault("64")
    int maxQueued();
}
