package dev.aimon.analysis.checkpoint;

import dev.aimon.analysis.Analysis;
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
    private final Map<String, Integer> partitionOf = new HashMap<>();

    private static final class Partition {
        final Map<String, Long> next = new HashMap<>();
        final Set<String> models = new HashSet<>();
        long savedAt = System.nanoTime();
        long sinceSaved;
        boolean dirty;
        boolean saving;
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
        models.forEach(m -> partitionOf.put(m, partition));
    }

    /** Gives up a partition; returns its models. */
    public synchronized Set<String> revoke(int partition) {
        Partition p = owned.remove(partition);
        if (p == null) {
            return Set.of();
        }
        p.models.forEach(partitionOf::remove);
        return p.models;
    }

    /** The partitions owned now. */
    public synchronized Set<Integer> owned() {
        return Set.copyOf(owned.keySet());
    }

    /** The partition a model's records come from, if this instance owns it. */
    public synchronized Optional<Integer> partitionOf(String modelId) {
        return Optional.ofNullable(partitionOf.get(modelId));
    }

    /**
     * The offset from which a topic's records in a partition are new to the state (those before it were taken, or
     * replayed after a restore): 0 when it holds none of them yet, -1 when this instance does not own the partition.
     */
    public synchronized long next(String topic, int partition) {
        Partition p = owned.get(partition);
        if (p == null) {
            return -1;
        }
        Long next = p.next.get(topic);
        return next == null ? 0 : next;
    }

    /** Notes that the state now holds {@code count} more records of a topic's partition, up to {@code offset}. */
    public synchronized void processed(String topic, int partition, long offset, long count) {
        Partition p = owned.get(partition);
        if (p != null && count > 0) {
            p.next.put(topic, offset + 1);
            p.dirty = true;
            p.sinceSaved += count;
        }
    }

    /** Notes that a model's records come from a partition (its checkpoint carries the model's state). */
    public synchronized void seen(int partition, String modelId) {
        Partition p = owned.get(partition);
        if (p != null && p.models.add(modelId)) {
            partitionOf.put(modelId, partition);
        }
    }

    /**
     * The checkpoint of a partition that has changed since its last one and is due (by time or by records, or always
     * when {@code force} is true) while no checkpoint of it is being written: its next offsets and the state of its
     * models, taken together under the lock. Marks it as being written until {@link #written}.
     */
    public synchronized Optional<Checkpoints.Checkpoint> due(
            int partition, boolean force, long intervalNanos, long intervalRecords, Analysis analysis) {
        Partition p = owned.get(partition);
        if (p == null || !p.dirty || (!force && p.saving)) {
            return Optional.empty();
        }
        if (!force && System.nanoTime() - p.savedAt < intervalNanos && p.sinceSaved < intervalRecords) {
            return Optional.empty();
        }
        p.dirty = false;
        p.saving = true;
        p.savedAt = System.nanoTime();
        p.sinceSaved = 0;
        return Optional.of(new Checkpoints.Checkpoint(Map.copyOf(p.next), analysis.snapshot(p.models)));
    }

    /** Notes that a partition's checkpoint was written (or failed): the next one may be taken. */
    public synchronized void written(int partition, boolean ok) {
        Partition p = owned.get(partition);
        if (p != null) {
            p.saving = false;
            if (!ok) {
                p.dirty = true;
            }
        }
    }
}
