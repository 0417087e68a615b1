package dev.aimon.analysis.messaging;

import dev.aimon.analysis.Analysis;
import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.analysis.config.AnalysisConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The work that follows the stream, off its thread, in order per partition: evaluating closed windows, publishing
 * their reports and breaches, dead-lettering bad records, writing checkpoints. A step starts when the step before it
 * in its partition has finished, so a checkpoint is written only after every report and dead letter of the records it
 * covers is on the broker; steps of different partitions run side by side. Steps are added under the partitions'
 * lock, in the order the stream produced them.
 */
@ApplicationScoped
public class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);

    private final Map<Integer, CompletableFuture<Void>> tails = new HashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final List<Waiter> waiters = new ArrayList<>();
    private final ExecutorService evaluator;

    private record Waiter(int limit, CompletableFuture<Void> room) {}

    public Pipeline(AnalysisConfig config) {
        AtomicInteger n = new AtomicInteger();
        this.evaluator = Executors.newFixedThreadPool(Math.max(1, config.evaluatorThreads()), r -> {
            Thread t = new Thread(r, "aimon-evaluator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Evaluates a closed window off the stream's thread, then publishes what it gives, in the partition's order. */
    public void evaluate(
            int partition, Analysis.Closing closing, Function<WindowEvaluation, CompletionStage<Void>> publish) {
        then(
                partition,
                () -> CompletableFuture.supplyAsync(closing::evaluate, evaluator)
                        .thenCompose(publish));
    }

    /** Adds a step to a partition's chain; a failed step is logged and the chain goes on. */
    public synchronized void then(int partition, Supplier<CompletionStage<Void>> step) {
        queued.incrementAndGet();
        CompletableFuture<Void> tail = tails.getOrDefault(partition, CompletableFuture.completedFuture(null));
        CompletableFuture<Void> next = tail.thenCompose(v -> {
                    try {
                        return step.get();
                    } catch (RuntimeException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                })
                .handle((v, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "a step of partition %d failed", partition);
                    }
                    done();
                    return null;
                });
        tails.put(partition, next);
    }

    /** Completes when every step added to a partition so far has finished. */
    public synchronized CompletableFuture<Void> drained(int partition) {
        return tails.getOrDefault(partition, CompletableFuture.completedFuture(null));
    }

    /** Completes when at most {@code limit} steps are waiting or running: the stream's back-pressure. */
    public synchronized CompletionStage<Void> room(int limit) {
        if (queued.get() <= limit) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> room = new CompletableFuture<>();
        waiters.add(new Waiter(limit, room));
        return room;
    }

    private void done() {
        int now = queued.decrementAndGet();
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        synchronized (this) {
            waiters.removeIf(w -> {
                if (now <= w.limit()) {
                    ready.add(w.room());
                    return true;
                }
                return false;
            });
        }
        ready.forEach(r -> r.complete(null));
    }

    @PreDestroy
    void stop() {
        evaluator.shutdown();
    }
}
