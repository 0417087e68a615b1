package dev.aimon.ingest;

import java.util.List;

/**
 * The answer to a batch of events: how many were accepted (they are on Kafka), and why each other one was not.
 *
 * @param accepted the events now on their topic
 * @param duplicates the event ids already accepted within the idempotency horizon (or twice in this batch): not
 *     published again, and not an error
 * @param rejected one entry per event refused (each also sent to {@code aimon.dlq})
 */
public record IngestResult(int accepted, List<String> duplicates, List<Rejection> rejected) {

    /**
     * One refused event.
     *
     * @param index its position in the batch (0-based; for NDJSON, the line's position among non-blank lines)
     * @param eventId its event id, when it had a readable one
     * @param error the field and the rule it broke
     */
    public record Rejection(int index, String eventId, String error) {}
}
