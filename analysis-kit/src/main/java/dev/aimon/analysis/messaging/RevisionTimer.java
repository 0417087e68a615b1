package dev.aimon.analysis.messaging;

import dev.aimon.analysis.Analysis;
import dev.aimon.analysis.checkpoint.Partitions;
import dev.aimon.analysis.config.AnalysisConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every {@link AnalysisConfig#revisionInterval()}, evaluates again the closed windows that late labels changed and
 * publishes their new reports (a new report id per revision, the same window), through the same pipeline as the
 * windows of their partition, so that a checkpoint taken after a revision is written after its report.
 */
@ApplicationScoped
public class RevisionTimer {

    /** The pipeline of what belongs to no partition this instance owns (a silent model's gap, say). */
    static final int UNOWNED = -1;

    private final Analysis analysis;
    private final Partitions partitions;
    private final StreamConsumer consumer;
    private final Pipeline pipeline;
    private final Vertx vertx;
    private final long intervalMillis;
    private long timer = -1;

    public RevisionTimer(
            Analysis analysis,
            Partitions partitions,
            StreamConsumer consumer,
            Pipeline pipeline,
            Vertx vertx,
            AnalysisConfig config) {
        this.analysis = analysis;
        this.partitions = partitions;
        this.consumer = consumer;
        this.pipeline = pipeline;
        this.vertx = vertx;
        this.intervalMillis = Math.max(1, config.revisionInterval().toMillis());
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(intervalMillis, id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        partitions.locked(() -> {
            for (Analysis.Closing c : analysis.revisions()) {
                int partition = partitions.partitionOf(c.modelId()).orElse(UNOWNED);
                pipeline.evaluate(partition, c, consumer::untilPublished);
            }
            return null;
        });
    }
}
