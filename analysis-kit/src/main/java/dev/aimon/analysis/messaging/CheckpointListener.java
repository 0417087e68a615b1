package dev.aimon.analysis.messaging;

import dev.aimon.analysis.Analysis;
import dev.aimon.analysis.checkpoint.Checkpoints;
import dev.aimon.analysis.checkpoint.Partitions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Restores a partition's window state from its checkpoint when the partition is assigned, and seeks each input topic
 * to the checkpoint's offsets; when it is revoked (a rebalance or a clean shutdown), lets its models go, waits for the
 * partition's pipeline to publish what it holds, and checkpoints it. {@link StreamLoop}'s consumer calls it on its
 * polling thread, so it may block.
 */
@ApplicationScoped
public class CheckpointListener {

    private static final Logger LOG = Logger.getLogger(CheckpointListener.class);

    private final Analysis analysis;
    private final Partitions partitions;
    private final Checkpoints checkpoints;
    private final Pipeline pipeline;

    public CheckpointListener(Analysis analysis, Partitions partitions, Checkpoints checkpoints, Pipeline pipeline) {
        this.analysis = analysis;
        this.partitions = partitions;
        this.checkpoints = checkpoints;
        this.pipeline = pipeline;
    }

    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        for (int partition : numbers(assigned)) {
            if (partitions.owned().contains(partition)) {
                continue;
            }
            Optional<Checkpoints.Checkpoint> checkpoint = checkpoints.load(partition);
            Map<String, Long> next =
                    checkpoint.map(Checkpoints.Checkpoint::nextOffsets).orElse(Map.of());
            Set<String> models = Set.of();
            if (checkpoint.isPresent()) {
                try {
                    models = restore(checkpoint.get().state());
                } catch (IOException e) {
                    // Resuming at the offsets without the state loses the windows that were open; reading from the
                    // start would count the closed ones again. The first is the smaller harm, and it is said.
                    LOG.errorf(
                            "partition %d: the checkpoint's window state cannot be read (%s); resuming at its offsets"
                                    + " with empty windows, so the windows open when it was written are incomplete",
                            partition, e.getMessage());
                }
            }
            partitions.assign(partition, next, models);
            for (TopicPartition tp : assigned) {
                Long offset = next.get(tp.topic());
                if (tp.partition() == partition && offset != null) {
                    consumer.seek(tp, offset);
                }
            }
            LOG.infof(
                    "partition %d: %s, resuming at %s",
                    partition,
                    checkpoint.isPresent() ? "restored " + models.size() + " model(s)" : "no checkpoint",
                    next.isEmpty() ? "the committed or earliest offsets" : next);
        }
    }

    private Set<String> restore(byte[] state) throws IOException {
        IOException[] failure = new IOException[1];
        Set<String> models = partitions.locked(() -> {
            try {
                return analysis.restore(state);
            } catch (IOException e) {
                failure[0] = e;
                return Set.of();
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return models;
    }

    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        for (int partition : numbers(revoked)) {
            Optional<Checkpoints.Checkpoint> last = partitions.locked(() -> {
                Optional<Checkpoints.Checkpoint> c = partitions.due(partition, true, 0, 0, analysis);
                analysis.forget(partitions.revoke(partition));
                return c;
            });
            try {
                pipeline.drained(partition).get(60, TimeUnit.SECONDS);
                last.ifPresent(c -> checkpoints.write(partition, c));
            } catch (IllegalStateException e) {
                // The database is out: the next owner resumes from the last checkpoint written, and reads again.
                LOG.warnf("partition %d: could not write its last checkpoint: %s", partition, e.getMessage());
            } catch (TimeoutException | ExecutionException e) {
                LOG.warnf(
                        "partition %d: its reports were not all published within 60 s; not checkpointing it, so the"
                                + " next owner reads it again from its last checkpoint",
                        partition);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new TreeSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        return numbers;
    }
}
