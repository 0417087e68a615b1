package dev.aimon.analysis.messaging;

import dev.aimon.analysis.Analysis;
import dev.aimon.analysis.parse.EventParser;
import dev.aimon.events.Topics;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.Observation;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a poll's records into a {@link ParsedPoll}, on both of the stream's threads: the polling thread hands a poll
 * over first and then reads its records ({@link #readAhead}) while the processing thread adds the poll before to the
 * state; the processing thread, when it reaches a record not read yet, reads the first unclaimed ones itself ({@link
 * #awaitRead}), while the polling thread reads from the last. So parsing (half of the processing thread's time when it
 * parsed alone) goes to whichever thread has time. A prediction is read with the layout its model's plan has then ({@link Analysis#layout}, which the plans'
 * consumer changes on its own thread); the processing thread reads it again if the plan changed by the time it takes
 * the record. Each thread reads with a parser of its own.
 */
final class PollReader {

    /** Predictions before labels, so that a label finds a prediction that came in the same batch. */
    private static final Comparator<TopicPartition> ORDER = Comparator.comparing(
                    (TopicPartition tp) -> Topics.LABELS.equals(tp.topic()))
            .thenComparing(TopicPartition::partition);

    /** Spins on a record the polling thread reads before yielding the core to it: a few microseconds. */
    private static final int SPINS = 1_000;

    private final Analysis analysis;
    /** The polling thread's parser, and the processing thread's. */
    private final EventParser polling = new EventParser();

    private final EventParser processing = new EventParser();
    /** Parsed polls processed and free to fill again. */
    private final ConcurrentLinkedQueue<ParsedPoll> free = new ConcurrentLinkedQueue<>();

    PollReader(Analysis analysis) {
        this.analysis = analysis;
    }

    /** The polling thread: a poll's records in the stream's order, none read yet. */
    ParsedPoll take(ConsumerRecords<String, ByteBuffer> records) {
        ParsedPoll poll = free.poll();
        if (poll == null) {
            poll = new ParsedPoll();
        }
        poll.reset(records.count());
        TreeSet<TopicPartition> sorted = new TreeSet<>(ORDER);
        sorted.addAll(records.partitions());
        for (TopicPartition tp : sorted) {
            poll.add(records.records(tp));
        }
        return poll;
    }

    /** The polling thread: reads the poll's records that the processing thread has not claimed, from the last. */
    void readAhead(ParsedPoll poll) {
        for (int at = poll.claimLast(); at >= 0; at = poll.claimLast()) {
            read(poll, at, polling);
        }
    }

    /** The processing thread: returns once record {@code at} is read, reading unclaimed records meanwhile. */
    void awaitRead(ParsedPoll poll, int at) {
        for (int spins = 0; !poll.isRead(at); ) {
            int next = poll.claimFirst();
            if (next >= 0) {
                read(poll, next, processing);
            } else if (++spins < SPINS) {
                Thread.onSpinWait(); // the polling thread is reading it: a record's worth of time
            } else {
                Thread.yield(); // or it lost its core (two cores, a broker and the service's other threads)
            }
        }
    }

    /**
     * The processing thread: reads prediction {@code at} again, with its model's layout now (the plan came or changed
     * since it was read).
     */
    Observation readAgain(ParsedPoll poll, int at, Layout layout) throws EventParser.InvalidEvent {
        return read(poll, at, poll.record(at), layout, processing);
    }

    /** Gives back a poll the processing thread is done with. */
    void release(ParsedPoll poll) {
        poll.empty();
        free.add(poll);
    }

    private void read(ParsedPoll poll, int at, EventParser parser) {
        ConsumerRecord<String, ByteBuffer> r = poll.record(at);
        try {
            if (Topics.LABELS.equals(r.topic())) {
                poll.label(at, parser.label(r.topic(), r.value()));
                return;
            }
            Layout layout = r.key() == null ? null : analysis.layout(r.key());
            Observation o = read(poll, at, r, layout, parser);
            if (!o.modelId().equals(r.key())) {
                Layout own = analysis.layout(o.modelId());
                if (own != null) {
                    read(poll, at, r, own, parser);
                }
            }
            poll.prediction(at);
        } catch (EventParser.InvalidEvent bad) {
            poll.invalid(at, bad.getMessage());
        }
    }

    /** Reads a prediction into the poll's observation of it, with a layout (none: only its own fields). */
    private static Observation read(
            ParsedPoll poll, int at, ConsumerRecord<String, ByteBuffer> r, Layout layout, EventParser parser)
            throws EventParser.InvalidEvent {
        Observation o = poll.slot(at, layout == null ? Layout.EMPTY : layout);
        parser.prediction(r.topic(), r.value(), o);
        return o;
    }
}
