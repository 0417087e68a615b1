package dev.aimon.analysis;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every {@link AnalysisConfig#revisionInterval()}, evaluates again the closed windows that late labels changed and
 * publishes their new reports (a new report id per revision, the same window).
 */
@ApplicationScoped
public class RevisionTimer {

    private static final Logger LOG = Logger.getLogger(RevisionTimer.class);

    private final Analysis analysis;
    private final Partitions partitions;
    private final StreamConsumer consumer;
    private final Vertx vertx;
    private final long intervalMillis;
    private long timer = -1;
    private boolean running;

    public RevisionTimer(
            Analysis analysis, Partitions partitions, StreamConsumer consumer, Vertx vertx, AnalysisConfig config) {
        this.analysis = analysis;
        this.partitions = partitions;
        this.consumer = consumer;
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

    private synchronized void tick() {
        if (running) {
            return;
        }
        List<WindowEvaluation> revised = partitions.locked(analysis::revisions);
        if (revised.isEmpty()) {
            return;
        }
        running = true;
        consumer.publishAll(revised).subscribe().with(ok -> done(), failure -> {
            LOG.warnf(failure, "could not publish %d revised window report(s)", revised.size());
            done();
        });
    }

    private synchronized void done() {
        running = false;
    }
}
