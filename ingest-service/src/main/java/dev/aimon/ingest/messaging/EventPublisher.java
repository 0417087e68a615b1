package dev.aimon.ingest.messaging;

import dev.aimon.events.LabelEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes validated predictions and labels (keyed by model) and dead-letters rejected input with its reason. */
@ApplicationScoped
public class EventPublisher {

    /**
     * The emitters' buffer: above {@code aimon.ingest.max-in-flight-events} (50,000 by default), so that the in-flight
     * bound answers 429 before an emitter overflows.
     */
    public static final int BUFFER = 100_000;

    private final MutinyEmitter<PredictionEvent> predictions;
    private final MutinyEmitter<LabelEvent> labels;
    private final MutinyEmitter<byte[]> deadLetters;

    public EventPublisher(
            @Channel("predictions-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                    MutinyEmitter<PredictionEvent> predictions,
            @Channel("labels-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                    MutinyEmitter<LabelEvent> labels,
            @Channel("dlq-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER)
                    MutinyEmitter<byte[]> deadLetters) {
        this.predictions = predictions;
        this.labels = labels;
        this.deadLetters = deadLetters;
    }

    /** Completes when the broker has the prediction. */
    public Uni<Void> prediction(PredictionEvent event) {
        return predictions.sendMessage(KafkaRecord.of(event.modelId(), event));
    }

    /** Completes when the broker has the label. */
    public Uni<Void> label(LabelEvent event) {
        return labels.sendMessage(KafkaRecord.of(event.modelId(), event));
    }

    /**
     * Sends the original bytes of a rejected item to {@code aimon.dlq}, with the reason and the source in headers.
     * Completes when the broker has it.
     */
    public Uni<Void> deadLetter(String key, byte[] original, String reason, String source) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.ERROR_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build();
        return deadLetters.sendMessage(Message.of(original).addMetadata(metadata));
    }
}
