package dev.aimon.analysis.messaging;

import dev.aimon.analysis.Analysis;
import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.analysis.checkpoint.Checkpoints;
import dev.aimon.analysis.checkpoint.Partitions;
import dev.aimon.analysis.config.AnalysisConfig;
import dev.aimon.analysis.parse.EventParser;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.ModelWindows;
import dev.aimon.stats.window.Observation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Feeds the stream ({@code aimon.predictions} and {@code aimon.labels}, one consumer so that a model's predictions
 * and labels meet in one place; polled by {@link StreamLoop}) into the analysis, a poll's records at a time, each
 * read by a {@link PollReader} (only what the model's plan names). Under one lock per poll, each prediction is added
 * to its model's window, each label joined to its prediction, each offset noted; a record that is not a valid event
 * is dead-lettered by the service itself, so it never fails the records around it. Closed windows, dead letters and
 * due checkpoints go to the {@link Pipeline}, which evaluates, publishes and writes them off this thread, in order per
 * partition. Kafka's committed offsets are not used: the checkpoint (state and offsets together, {@link Checkpoints})
 * is where a restarted consumer resumes, and it is written only after everything before it is published.
 */
@ApplicationScoped
public class StreamConsumer {

    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);

    private final Analysis analysis;
    private final ReportPublisher publisher;
    private final DeadLetters deadLetters;
    private final Partitions partitions;
    private final Checkpoints checkpoints;
    private final Pipeline pipeline;
    private final MeterRegistry registry;
    private final AnalysisConfig config;
    private final List<Analysis.Closing> closed = new ArrayList<>();
    private final Run run = new Run();
    /** Per model: its label counters by match, then its counter of events without a plan. */
    private final Map<String, Counter[]> counters = new HashMap<>();

    private final Counter processed;
    private final Counter backPressure;

    public StreamConsumer(
            Analysis analysis,
            ReportPublisher publisher,
            DeadLetters deadLetters,
            Partitions partitions,
            Checkpoints checkpoints,
            Pipeline pipeline,
            MeterRegistry registry,
            AnalysisConfig config) {
        this.analysis = analysis;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.partitions = partitions;
        this.checkpoints = checkpoints;
        this.pipeline = pipeline;
        this.registry = registry;
        this.config = config;
        this.processed = Counter.builder("aimon_events_processed")
                .description("records of aimon.predictions and aimon.labels taken into the state (or dead-lettered)")
                .tag("service", analysis.service())
                .register(registry);
        this.backPressure = Counter.builder("aimon_stream_backpressure_seconds")
                .description("time the stream waited for its pipeline (evaluations, publications, checkpoint writes)")
                .tag("service", analysis.service())
                .register(registry);
    }

    /**
     * Takes a poll's records (each read by {@code reader} before it is taken), then waits while the pipeline holds more
     * than {@link AnalysisConfig#maxQueued()} steps. Runs on the stream's thread, which may block.
     */
    void consume(ParsedPoll poll, PollReader reader) throws InterruptedException {
        int from = 0;
        int waited = -1;
        while (from < poll.size()) {
            String[] waitFor = new String[1];
            int stopped = process(poll, reader, from, waited, waitFor);
            if (waitFor[0] == null) {
                break;
            }
            awaitPlan(waitFor[0], analysis.planWait());
            from = stopped;
            waited = stopped;
        }
        CompletableFuture<Void> room = pipeline.room(config.maxQueued()).toCompletableFuture();
        if (!room.isDone()) {
            long waiting = System.nanoTime();
            try {
                room.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            backPressure.increment((System.nanoTime() - waiting) / 1e9);
        }
    }

    /**
     * Takes records from {@code from} on; returns where it stopped. A prediction whose model has no plan yet stops the
     * batch ({@code waitFor} names the model) while the plan is awaited; the batch then goes on from that record,
     * which is skipped if the plan did not come ({@code waited} is its index).
     */
    private int process(ParsedPoll poll, PollReader reader, int from, int waited, String[] waitFor) {

        int stopped = partitions.locked(() -> {
            BitSet touched = new BitSet();
            int at = from;
            for (; at < poll.size(); at++) {
                ConsumerRecord<String, ByteBuffer> r = poll.record(at);
                if (!run.of(r)) {
                    run.end(touched);
                    run.begin(r);
                }
                if (!run.isNew(r)) {
                    continue;
                }
                reader.awaitRead(poll, at);
                switch (poll.kind(at)) {
                    case INVALID -> deadLetter(r, poll.reason(at));
                    case LABEL -> label(r, poll.label(at));
                    case PREDICTION -> waitFor[0] = predict(poll, at, reader, at == waited);
                }
                if (waitFor[0] != null) {
                    break;
                }
            }
            run.end(touched);
            processed.increment(at - from);
            for (int partition = touched.nextSetBit(0); partition >= 0; partition = touched.nextSetBit(partition + 1)) {
                int p = partition;
                partitions
                        .due(
                                partition,
                                false,
                                config.checkpointInterval().toNanos(),
                                config.checkpointRecords(),
                                analysis)
                        .ifPresent(c -> checkpoint(p, c));
            }
            return at;
        });
        return stopped;
    }

    /**
     * The consecutive records of one topic's partition being taken: where the state's records of it end, and what it
     * took, noted in {@link Partitions} once per run rather than once per record.
     */
    private final class Run {
        private String topic;
        private int partition = -1;
        private long next = -1;
        private long last;
        private long count;
        /** The models of the run noted in {@link Partitions} (a partition's models are interleaved). */
        private final Set<String> noted = new HashSet<>();

        boolean of(ConsumerRecord<?, ?> r) {
            return r.partition() == partition && r.topic().equals(topic);
        }

        void begin(ConsumerRecord<?, ?> r) {
            topic = r.topic();
            partition = r.partition();
            next = partitions.next(topic, partition);
            count = 0;
            noted.clear();
        }

        /** Whether the record is new to the state: its partition is owned and the state does not hold it yet. */
        boolean isNew(ConsumerRecord<?, ?> r) {
            return next >= 0 && r.offset() >= next;
        }

        /** The state now holds the record (of a model, when it names one). */
        void taken(ConsumerRecord<?, ?> r, String modelId) {
            last = r.offset();
            count++;
            if (modelId != null && noted.add(modelId)) {
                partitions.seen(partition, modelId);
            }
        }

        void end(BitSet touched) {
            if (topic != null && count > 0) {
                partitions.processed(topic, partition, last, count);
                touched.set(partition);
            }
            topic = null;
            partition = -1;
        }
    }

    /** Waits for a model's plan to arrive from {@code aimon.plans} (another consumer), at most {@code atMost}. */
    private void awaitPlan(String modelId, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long pause = 20;
        while (!analysis.hasPlan(modelId) && System.nanoTime() < deadline) {
            Thread.sleep(pause);
            pause = Math.min(500, pause * 2);
        }
    }

    /**
     * Takes one prediction, read by the polling thread with the layout its model had then; returns the model whose
     * plan must be awaited first, or null when the record was taken (or dead-lettered, or skipped for want of a plan
     * after the wait).
     */
    private String predict(ParsedPoll poll, int at, PollReader reader, boolean waited) {
        ConsumerRecord<String, ByteBuffer> r = poll.record(at);
        Observation o = poll.observation(at);
        Layout layout = analysis.layout(o.modelId());
        if (layout == null) {
            if (!waited) {
                return o.modelId();
            }
            run.taken(r, o.modelId());
            LOG.warnf("skipping event %s: model '%s' has no plan on aimon.plans", o.eventId(), o.modelId());
            counter("aimon_events_unplanned", o.modelId(), null).increment();
            return null;
        }
        try {
            if (o.layout() != layout) {
                o = reader.readAgain(
                        poll, at, layout); // the plan came or changed after the polling thread read the record
            }
        } catch (EventParser.InvalidEvent bad) {
            deadLetter(r, bad.getMessage());
            return null;
        }
        run.taken(r, o.modelId());
        closed.clear();
        try {
            analysis.add(o, closed);
        } catch (IllegalArgumentException staleLayout) {
            // A new plan version arrived between reading the record and adding it: read it again under that plan.
            Layout current = analysis.layout(o.modelId());
            if (current == null) {
                counter("aimon_events_unplanned", o.modelId(), null).increment();
                return null;
            }
            try {
                analysis.add(reader.readAgain(poll, at, current), closed);
            } catch (EventParser.InvalidEvent impossible) {
                throw new IllegalStateException("a record read once could not be read again", impossible);
            }
        } catch (IllegalStateException planDeleted) {
            counter("aimon_events_unplanned", o.modelId(), null).increment();
            return null;
        }
        for (Analysis.Closing c : closed) {
            pipeline.evaluate(r.partition(), c, this::untilPublished);
        }
        return null;
    }

    private void label(ConsumerRecord<String, ByteBuffer> r, EventParser.Label label) {
        run.taken(r, label.modelId());
        ModelWindows.LabelMatch match = analysis.label(label.modelId(), label.eventId(), label.label());
        counter("aimon_labels", label.modelId(), match).increment();
    }

    private void deadLetter(ConsumerRecord<String, ByteBuffer> r, String reason) {
        run.taken(r, null);
        LOG.debugf("dead-lettering %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), reason);
        byte[] value = EventParser.bytes(r.value());
        pipeline.then(r.partition(), () -> deadLetters.send(r.topic(), r.key(), value, reason));
    }

    private void checkpoint(int partition, Checkpoints.Checkpoint c) {
        pipeline.then(
                partition,
                () -> checkpoints.saveAsync(partition, c).whenComplete((v, failure) -> {
                    if (failure != null) {
                        LOG.warnf("could not checkpoint partition %d (the next one will): %s", partition, failure);
                    }
                    partitions.written(partition, failure == null);
                }));
    }

    private Counter counter(String name, String modelId, ModelWindows.LabelMatch match) {
        Counter[] model =
                counters.computeIfAbsent(modelId, m -> new Counter[ModelWindows.LabelMatch.values().length + 1]);
        int slot = match == null ? model.length - 1 : match.ordinal();
        if (model[slot] == null) {
            model[slot] = match == null
                    ? registry.counter(name, "model", modelId, "service", analysis.service())
                    : registry.counter(
                            name,
                            "model",
                            modelId,
                            "service",
                            analysis.service(),
                            "match",
                            match.name().toLowerCase());
        }
        return model[slot];
    }

    /**
     * Publishes a closed window's report and breaches, retrying for as long as the broker refuses: the window has
     * left the state, so giving up would lose its report. Ids are derived from content, so a retry that follows a send
     * the broker did take is a duplicate the consumers ignore. The partition's later steps wait meanwhile.
     */
    CompletionStage<Void> untilPublished(WindowEvaluation evaluation) {
        return publisher
                .publish(evaluation)
                .onFailure()
                .invoke(e -> LOG.warnf("cannot publish window report %s yet, retrying: %s", evaluation.report(), e))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .indefinitely()
                .subscribeAsCompletionStage();
    }
}
