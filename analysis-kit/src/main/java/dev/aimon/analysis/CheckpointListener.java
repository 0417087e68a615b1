package dev.aimon.analysis;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Restores a partition's window state from its checkpoint when the partition is assigned, and seeks each input topic
 * to the checkpoint's offsets; checkpoints it when it is revoked (a rebalance or a clean shutdown) and lets its models
 * go. Runs on the Kafka polling thread, so it may block.
 */
@ApplicationScoped
@Identifier("aimon-checkpoints")
public class CheckpointListener implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(CheckpointListener.class);

    private final Analysis analysis;
    private final Partitions partitions;
    private final Checkpoints checkpoints;

    public CheckpointListener(Analysis analysis, Partitions partitions, Checkpoints checkpoints) {
        this.analysis = analysis;
        this.partitions = partitions;
        this.checkpoints = checkpoints;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        for (int partition : numbers(assigned)) {
            if (partitions.owned().contains(partition)) {
                continue;
            }
            Optional<Checkpoints.Checkpoint> checkpoint = checkpoints.load(partition);
            Map<String, Long> next =
                    checkpoint.map(Checkpoints.Checkpoint::nextOffsets).orElse(Map.of());
            Set<String> models = checkpoint
                    .map(c -> partitions.locked(() -> analysis.restore(c.state())))
                    .orElse(Set.of());
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

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        for (int partition : numbers(revoked)) {
            partitions.locked(() -> {
                partitions.due(partition, true, 0, analysis).ifPresent(c -> checkpoints.write(partition, c));
                analysis.forget(partitions.revoke(partition));
                return null;
            });
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new TreeSet<>();
        partitions.forEach(tp -> numbers.add(tp.partition()));
        return numbers;
    }
}
