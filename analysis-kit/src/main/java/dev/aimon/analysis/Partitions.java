package dev.aimon.analysis;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the stream stands in each Kafka partition this instance owns: the next offset of each input topic, the
 * models seen in it, and when it was last checkpointed. Records are keyed by model, so a model lives in one partition
 * number on both {@code aimon.predictions} and {@code aimon.labels}, and that partition's checkpoint carries its
 * state.
 *
 * <p>One lock covers this bookkeeping and the analysis it describes ({@link #locked}), so that a checkpoint's state
 * and offsets always agree.
 */
@ApplicationScoped
public class Partitions {

    private final Map<Integer, Partition> owned = new HashMap<>();

    private static final class Partition {
        final Map<String, Long> next = new HashMap<>();
        final Set<String> models = new HashSet<>();
        long savedAt = System.nanoTime();
        boolean dirty;
    }

    /** Runs work under the lock that the consumer, the timer and the rebalance listener share. */
    public synchronized <T> T locked(Supplier<T> work) {
        return work.get();
    }

    /** Takes a partition, with the offsets and models of its checkpoint (empty when there was none). */
    public synchronized void assign(int partition, Map<String, Long> next, Set<String> models) {
        Partition p = new Partition();
        p.next.putAll(next);
        p.models.addAll(models);
        owned.put(partition, p);
    }

    /** Gives up a partition; returns its models. */
    public synchronized Set<String> revoke(int partition) {
        Partition p = owned.remove(partition);
        return p == null ? Set.of() : p.models;
    }

    /** The partitions owned now. */
    public synchronized Set<Integer> owned() {
        return Set.copyOf(owned.keySet());
    }

    /**
     * Whether a record is new to the state: its partition is owned and the record is not at or before one that the
     * state already holds (a replay after a restore).
     */
    public synchronized boolean isNew(String topic, int partition, long offset) {
        Partition p = owned.get(partition);
        return p != null && offset >= p.next.getOrDefault(topic, Long.MIN_VALUE);
    }

    /** Notes that the state now holds a record (of a model, when it names one). */
    public synchronized void processed(String topic, int partition, long offset, String modelId) {
        Partition p = owned.get(partition);
        if (p != null) {
            p.next.put(topic, offset + 1);
            if (modelId != null) {
                p.models.add(modelId);
            }
            p.dirty = true;
        }
    }

    /**
     * The checkpoint of a partition that has changed since its last one and whose checkpoint is due (always when
     * {@code now} is true): its next offsets and the state of its models, taken together under the lock; marks it
     * saved.
     */
    public synchronized Optional<Checkpoints.Checkpoint> due(
            int partition, boolean now, long intervalNanos, Analysis analysis) {
        Partition p = owned.get(partition);
        if (p == null || !p.dirty || (!now && System.nanoTime() - p.savedAt < intervalNanos)) {
            return Optional.empty();
        }
        p.dirty = false;
        p.savedAt = System.nanoTime();
        return Optional.of(new Checkpoints.Checkpoint(Map.copyOf(p.next), analysis.snapshot(p.models)));
    }
}
