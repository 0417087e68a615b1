package dev.aimon.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.events.EventJson;
import dev.aimon.ingest.IngestResult;
import dev.aimon.ingest.ProblemException;
import dev.aimon.ingest.service.IngestService.RawItem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of a batch endpoint into items, each kept with its original bytes for the dead-letter topic: one
 * JSON event, a JSON array of events, or NDJSON (a line that is not JSON is an item of its own, rejected later).
 */
final class BatchReader {

    static final String NDJSON = "application/x-ndjson";
    private static final ObjectMapper JSON = EventJson.mapper();

    private BatchReader() {}

    static List<RawItem> json(byte[] body, int maxItems) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(
                    400, "Malformed JSON", "the body is not JSON: " + e.getOriginalMessage(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null) {
            throw new ProblemException(400, "Empty body", "send one event or a JSON array of events", List.of());
        }
        List<RawItem> items = new ArrayList<>();
        if (root.isArray()) {
            for (JsonNode node : root) {
                items.add(new RawItem(node, node.toString().getBytes(StandardCharsets.UTF_8), null));
            }
        } else {
            items.add(new RawItem(root, body, null));
        }
        return limited(items, maxItems);
    }

    static List<RawItem> ndjson(byte[] body, int maxItems) {
        List<RawItem> items = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            byte[] original = line.strip().getBytes(StandardCharsets.UTF_8);
            try {
                items.add(new RawItem(JSON.readTree(original), original, null));
            } catch (IOException e) {
                String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                items.add(new RawItem(null, original, reason));
            }
        }
        return limited(items, maxItems);
    }

    /** The 202 answer once every accepted event is on its topic. */
    static Uni<Response> accepted(Uni<IngestResult> result) {
        return result.map(
                r -> Response.accepted(r).type(MediaType.APPLICATION_JSON).build());
    }

    private static List<RawItem> limited(List<RawItem> items, int maxItems) {
        if (items.size() > maxItems) {
            throw new ProblemException(
                    413,
                    "Batch too large",
                    "a batch holds at most " + maxItems + " events, got " + items.size(),
                    List.of());
        }
        return items;
    }
}
