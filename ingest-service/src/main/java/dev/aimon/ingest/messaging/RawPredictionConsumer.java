package dev.aimon.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.events.EventJson;
import dev.aimon.events.Topics;
import dev.aimon.ingest.service.IngestService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Predictions that a platform writes straight to {@code aimon.predictions.raw} go through the same validation as the
 * HTTP ones: a valid event is published to {@code aimon.predictions}, an invalid one (or a record that is not JSON) to
 * {@code aimon.dlq} with the reason and the source {@code aimon.predictions.raw} in headers. A record counts as
 * processed (its offset may be committed) only once the broker holds what it became.
 */
@ApplicationScoped
public class RawPredictionConsumer {

    static final String SOURCE = Topics.PREDICTIONS_RAW;

    private final IngestService ingest;

    public RawPredictionConsumer(IngestService ingest) {
        this.ingest = ingest;
    }

    @Incoming("raw-in")
    public Uni<Void> consume(Message<byte[]> record) {
        byte[] bytes = record.getPayload() == null ? new byte[0] : record.getPayload();
        IngestService.RawItem item;
        try {
            JsonNode node = EventJson.mapper().readTree(bytes);
            item = node == null || node.isMissingNode()
                    ? new IngestService.RawItem(null, bytes, "an empty record")
                    : new IngestService.RawItem(node, bytes, null);
        } catch (JsonProcessingException e) {
            item = new IngestService.RawItem(null, bytes, e.getOriginalMessage());
        } catch (IOException e) {
            item = new IngestService.RawItem(null, bytes, e.getMessage());
        }
        String key = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : m.getKey().toString())
                .orElse(null);
        return ingest.predictions(List.of(item), SOURCE, key)
                .replaceWithVoid()
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }
}
