package dev.aimon.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.events.EventJson;
import dev.aimon.ingest.IngestResult;
import dev.aimon.ingest.ProblemException;
import dev.aimon.ingest.service.IngestService.RawItem;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the body of a batch endpoint into items, each kept with its original bytes for the dead-letter topic: one
 * JSON event, a JSON array of events, or NDJSON (a line that is not JSON is an item of its own, rejected later).
 */
final class BatchReader {

    static final String NDJSON = "application/x-ndjson";

    /** The lines of a streamed NDJSON body validated and published together. */
    static final int CHUNK = 1000;

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

    /**
     * Streams NDJSON: reads {@code chunk} lines at a time and hands each chunk to {@code ingest} before reading on, so
     * a body of any length needs the memory of one chunk; the answers are merged, indices counted over the whole body.
     */
    static IngestResult ndjson(InputStream body, Function<List<RawItem>, IngestResult> ingest) {
        try {
            return ndjson(body, CHUNK, ingest);
        } catch (IOException e) {
            throw new ProblemException(
                    400, "Unreadable body", "the NDJSON body broke off: " + e.getMessage(), List.of());
        }
    }

    static IngestResult ndjson(InputStream body, int chunk, Function<List<RawItem>, IngestResult> ingest)
            throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        List<RawItem> items = new ArrayList<>(chunk);
        int offset = 0;
        int accepted = 0;
        List<String> duplicates = new ArrayList<>();
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        String line;
        while (true) {
            line = reader.readLine();
            if (line != null && !line.isBlank()) {
                items.add(item(line));
            }
            if (items.size() == chunk || (line == null && !items.isEmpty())) {
                IngestResult r = ingest.apply(items);
                accepted += r.accepted();
                duplicates.addAll(r.duplicates());
                for (IngestResult.Rejection x : r.rejected()) {
                    rejected.add(new IngestResult.Rejection(offset + x.index(), x.eventId(), x.error()));
                }
                offset += items.size();
                items = new ArrayList<>(chunk);
            }
            if (line == null) {
                return new IngestResult(accepted, duplicates, rejected);
            }
        }
    }

    /**
     * Runs a step of the ingest pipeline from a blocking thread (a streamed body is read on a worker) on a Vert.x
     * context, as Hibernate Reactive wants, and waits for it.
     */
    static IngestResult await(Uni<IngestResult> step) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> step);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static RawItem item(String line) {
        byte[] original = line.strip().getBytes(StandardCharsets.UTF_8);
        try {
            return new RawItem(JSON.readTree(original), original, null);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return new RawItem(null, original, reason);
        }
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
