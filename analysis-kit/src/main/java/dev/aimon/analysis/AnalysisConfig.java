package dev.aimon.analysis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What the analysis services (fairness, drift) share: checkpoints of the stream and revisions after late labels. */
@ConfigMapping(prefix = "aimon.analysis")
public interface AnalysisConfig {

    /**
     * The longest time between two checkpoints of a partition that is taking events (one is also written after every
     * window that closes): what a crash makes the service read again.
     */
    @WithDefault("PT10S")
    Duration checkpointInterval();

    /** How often windows that late labels changed are evaluated and reported again. */
    @WithDefault("PT10S")
    Duration revisionInterval();
}
