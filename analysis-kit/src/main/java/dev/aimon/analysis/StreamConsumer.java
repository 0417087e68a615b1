package dev.aimon.analysis;

import dev.aimon.events.LabelEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Topics;
import dev.aimon.events.kafka.LabelEventDeserializer;
import dev.aimon.events.kafka.PredictionEventDeserializer;
import dev.aimon.stats.window.ModelWindows;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds the stream (channel {@code events-in}: {@code aimon.predictions} and {@code aimon.labels}, one consumer so
 * that a model's predictions and labels meet in one place) into the analysis. A prediction goes to its model's window;
 * a label to the window of its prediction. When windows close, their reports and breaches are published, and then the
 * partition is checkpointed (state and offsets together, {@link Checkpoints}); a partition that takes events without
 * closing a window is checkpointed every {@link AnalysisConfig#checkpointInterval()}. Kafka's committed offsets are
 * not used: the checkpoint is where a restarted consumer resumes. A record that is not a valid event is nacked, and
 * the channel's failure strategy dead-letters it with the reason.
 */
@ApplicationScoped
public class StreamConsumer {

    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);

    private final Analysis analysis;
    private final ReportPublisher publisher;
    private final Partitions partitions;
    private final Checkpoints checkpoints;
    private final MeterRegistry registry;
    private final long checkpointNanos;
    private final PredictionEventDeserializer predictions = new PredictionEventDeserializer();
    private final LabelEventDeserializer labels = new LabelEventDeserializer();

    public StreamConsumer(
            Analysis analysis,
            ReportPublisher publisher,
            Partitions partitions,
            Checkpoints checkpoints,
            MeterRegistry registry,
            AnalysisConfig config) {
        this.analysis = analysis;
        this.publisher = publisher;
        this.partitions = partitions;
        this.checkpoints = checkpoints;
        this.registry = registry;
        this.checkpointNanos = config.checkpointInterval().toNanos();
    }

    @Incoming("events-in")
    public Uni<Void> consume(Message<byte[]> record) {
        IncomingKafkaRecordMetadata<?, ?> kafka = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("events-in must be a Kafka channel"));
        String topic = kafka.getTopic();
        int partition = kafka.getPartition();
        long offset = kafka.getOffset();
        if (!partitions.isNew(topic, partition, offset)) {
            return Uni.createFrom().completionStage(record.ack());
        }
        Uni<List<WindowEvaluation>> work;
        try {
            work = Topics.LABELS.equals(topic)
                    ? label(labels.deserialize(topic, record.getPayload()), partition, offset)
                    : predict(predictions.deserialize(topic, record.getPayload()), partition, offset);
        } catch (SerializationException | IllegalArgumentException bad) {
            partitions.processed(topic, partition, offset, null);
            return Uni.createFrom().completionStage(record.nack(bad));
        }
        return work.chain(closed -> untilPublished(closed).chain(() -> checkpoint(partition, !closed.isEmpty())))
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }

    /**
     * Publishes closed windows, retrying for as long as the broker refuses: the windows have left the state, so giving
     * up would lose their reports. Their ids are derived from content, so a retry that follows a send the broker did
     * take is a duplicate the consumers ignore. The partition waits meanwhile.
     */
    private Uni<Void> untilPublished(List<WindowEvaluation> closed) {
        if (closed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return publishAll(closed)
                .onFailure()
                .invoke(e -> LOG.warnf("cannot publish %d window report(s) yet, retrying: %s", closed.size(), e))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .indefinitely();
    }

    private Uni<List<WindowEvaluation>> predict(PredictionEvent event, int partition, long offset) {
        if (event == null || event.modelId() == null || event.timestamp() == null) {
            throw new IllegalArgumentException("the record is not a valid PredictionEvent (modelId and timestamp)");
        }
        return until(() -> analysis.hasPlan(event.modelId()), analysis.planWait())
                .map(planned -> partitions.locked(() -> {
                    partitions.processed(Topics.PREDICTIONS, partition, offset, event.modelId());
                    if (planned) {
                        return analysis.add(event);
                    }
                    LOG.warnf(
                            "skipping event %s: model '%s' has no plan on aimon.plans",
                            event.eventId(), event.modelId());
                    registry.counter("aimon_events_unplanned", "model", event.modelId(), "service", analysis.service())
                            .increment();
                    return List.of();
                }));
    }

    private Uni<List<WindowEvaluation>> label(LabelEvent label, int partition, long offset) {
        if (label == null || label.modelId() == null || label.eventId() == null) {
            throw new IllegalArgumentException("the record is not a valid LabelEvent (modelId and eventId)");
        }
        ModelWindows.LabelMatch match = partitions.locked(() -> {
            partitions.processed(Topics.LABELS, partition, offset, label.modelId());
            return analysis.label(label);
        });
        registry.counter(
                        "aimon_labels",
                        "model",
                        label.modelId(),
                        "service",
                        analysis.service(),
                        "match",
                        match.name().toLowerCase())
                .increment();
        return Uni.createFrom().item(List.of());
    }

    /** Publishes the reports and breaches of windows, one window after another. */
    Uni<Void> publishAll(List<WindowEvaluation> evaluations) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (WindowEvaluation e : evaluations) {
            chain = chain.chain(() -> publisher.publish(e));
        }
        return chain;
    }

    private Uni<Void> checkpoint(int partition, boolean now) {
        return partitions
                .due(partition, now, checkpointNanos, analysis)
                .map(c -> checkpoints.save(partition, c))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    /** Waits, without blocking a thread, for a condition that another consumer will make true. */
    static Uni<Boolean> until(BooleanSupplier condition, Duration atMost) {
        if (condition.getAsBoolean()) {
            return Uni.createFrom().item(true);
        }
        return Uni.createFrom()
                .item(() -> condition.getAsBoolean() ? Boolean.TRUE : null)
                .onItem()
                .ifNull()
                .failWith(NotYet::new)
                .onFailure(NotYet.class)
                .retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofMillis(500))
                .expireIn(atMost.toMillis())
                .onFailure()
                .recoverWithItem(false);
    }

    private static final class NotYet extends RuntimeException {
        NotYet() {
            super(null, null, false, false);
        }
    }
}
