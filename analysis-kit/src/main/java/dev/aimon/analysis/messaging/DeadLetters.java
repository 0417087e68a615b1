package dev.aimon.analysis.messaging;

import dev.aimon.events.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Writes a record that is not a valid event to {@code aimon.dlq}: its original key and bytes, with headers {@value
 * Topics#ERROR_HEADER} (why) and {@value Topics#SOURCE_HEADER} (the topic it came from), as ingest-service does. The
 * stream dead-letters a bad record itself, so that it never fails the batch it came in.
 */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<byte[]> dlq;

    public DeadLetters(@Channel("dlq-out") MutinyEmitter<byte[]> dlq) {
        this.dlq = dlq;
    }

    /** Completes when the broker has the dead letter. */
    public CompletionStage<Void> send(String source, String key, byte[] value, String reason) {
        KafkaRecord<String, byte[]> record = KafkaRecord.of(key, value)
                .withHeader(Topics.ERROR_HEADER, (reason == null ? "invalid" : reason).getBytes(StandardCharsets.UTF_8))
                .withHeader(Topics.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        return dlq.sendMessage(record).subscribeAsCompletionStage();
    }
}
