package dev.aimon.analysis.messaging;

import dev.aimon.analysis.parse.EventParser;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.Observation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A poll's records in the order the stream takes them (predictions before labels, partition by partition), each read
 * ({@link PollReader}) into what the stream adds to its state: a prediction into an {@link Observation} of the layout
 * its model had then, a label into its three fields, a record that is not a valid event into its reason. Two threads
 * read a poll's records: each claims the next record not yet claimed ({@link #claim}), reads it and marks it read
 * ({@link #read(int, Kind)}); the processing thread takes the records in order, each once it is read. A parsed poll's
 * arrays are used again once it is processed, but not its observations: each record gets a new one, which dies young,
 * and a poll processed lets go of every record, observation and label ({@link #empty}), so that a pooled poll (which
 * lives long) keeps nothing young alive through a collection.
 */
final class ParsedPoll {

    /** What a record was read as. */
    enum Kind {
        /** A prediction, in {@link #observation}; its layout is the one its model had when it was read. */
        PREDICTION,
        /** A label, in {@link #label}. */
        LABEL,
        /** Not a valid event: {@link #reason} says why. */
        INVALID
    }

    private static final VarHandle READ = MethodHandles.arrayElementVarHandle(byte[].class);

    private final List<ConsumerRecord<String, ByteBuffer>> records = new ArrayList<>();
    /**
     * The records no thread has claimed to read, from the first (the high 32 bits) to the last (the low 32 bits,
     * exclusive).
     */
    private final AtomicLong unclaimed = new AtomicLong();
    /** Per record, 1 once it is read: written with release, read with acquire, so that what it holds is seen. */
    private byte[] read = new byte[0];

    private Kind[] kinds = new Kind[0];
    private Observation[] observations = new Observation[0];
    private EventParser.Label[] labels = new EventParser.Label[0];
    private String[] reasons = new String[0];

    /** Readies an empty poll for {@code count} records, which {@link #add} then gives, in order. */
    void reset(int count) {
        if (kinds.length < count) {
            kinds = new Kind[count];
            observations = new Observation[count];
            labels = new EventParser.Label[count];
            reasons = new String[count];
            read = new byte[count];
        }
        unclaimed.set(count);
    }

    /** Adds records to read, after those added before. */
    void add(List<ConsumerRecord<String, ByteBuffer>> more) {
        records.addAll(more);
    }

    /** Lets go of every record and what was read from it, once the poll is processed. */
    void empty() {
        int count = records.size();
        records.clear();
        Arrays.fill(observations, 0, count, null);
        Arrays.fill(labels, 0, count, null);
        Arrays.fill(reasons, 0, count, null);
        Arrays.fill(read, 0, count, (byte) 0);
    }

    /** The number of records. */
    int size() {
        return records.size();
    }

    /** Claims the first record not claimed yet, or -1 when every record is claimed. */
    int claimFirst() {
        while (true) {
            long ends = unclaimed.get();
            int first = (int) (ends >>> 32);
            if (first >= (int) ends) {
                return -1;
            }
            if (unclaimed.compareAndSet(ends, ends + (1L << 32))) {
                return first;
            }
        }
    }

    /** Claims the last record not claimed yet, or -1 when every record is claimed. */
    int claimLast() {
        while (true) {
            long ends = unclaimed.get();
            int end = (int) ends;
            if ((int) (ends >>> 32) >= end) {
                return -1;
            }
            if (unclaimed.compareAndSet(ends, ends - 1)) {
                return end - 1;
            }
        }
    }

    /** Whether record {@code at} is read (and what it holds visible to the caller). */
    boolean isRead(int at) {
        return (byte) READ.getAcquire(read, at) != 0;
    }

    private void read(int at, Kind kind) {
        kinds[at] = kind;
        READ.setRelease(read, at, (byte) 1);
    }

    ConsumerRecord<String, ByteBuffer> record(int at) {
        return records.get(at);
    }

    Kind kind(int at) {
        return kinds[at];
    }

    /** The prediction read from record {@code at}. */
    Observation observation(int at) {
        return observations[at];
    }

    EventParser.Label label(int at) {
        return labels[at];
    }

    String reason(int at) {
        return reasons[at];
    }

    /** A new observation of this layout for record {@code at}, to fill. */
    Observation slot(int at, Layout layout) {
        Observation o = layout.observation();
        observations[at] = o;
        return o;
    }

    /** Record {@code at} is read: a prediction, in its {@link #slot}. */
    void prediction(int at) {
        read(at, Kind.PREDICTION);
    }

    void label(int at, EventParser.Label label) {
        labels[at] = label;
        read(at, Kind.LABEL);
    }

    void invalid(int at, String reason) {
        reasons[at] = reason;
        read(at, Kind.INVALID);
    }
}
