package dev.aimon.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.events.EventJson;
import dev.aimon.ingest.IngestResult;
import dev.aimon.ingest.ProblemException;
import dev.aimon.ingest.config.IngestConfig;
import dev.aimon.ingest.service.PredictionService;
import dev.aimon.ingest.service.PredictionService.RawItem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code POST /v1/predictions}: one event, a JSON array of events, or NDJSON (one event a line). */
@Path("/v1/predictions")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionResource {

    static final String NDJSON = "application/x-ndjson";
    private static final ObjectMapper JSON = EventJson.mapper();

    private final PredictionService predictions;
    private final IngestConfig config;

    public PredictionResource(PredictionService predictions, IngestConfig config) {
        this.predictions = predictions;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send one prediction event or a JSON array of them")
    public Uni<Response> postJson(byte[] body) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(
                    400, "Malformed JSON", "the body is not JSON: " + e.getOriginalMessage(), List.of());
        }
        if (root == null) {
            throw new ProblemException(400, "Empty body", "send one event or a JSON array of events", List.of());
        }
        List<RawItem> items = new ArrayList<>();
        if (root.isArray()) {
            for (JsonNode node : root) {
                items.add(new RawItem(node, JSON.writeValueAsBytes(node), null));
            }
        } else {
            items.add(new RawItem(root, body, null));
        }
        return ingest(items);
    }

    @POST
    @Consumes(NDJSON)
    @Operation(summary = "Send prediction events as NDJSON, one JSON object a line")
    public Uni<Response> postNdjson(byte[] body) {
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
        return ingest(items);
    }

    private Uni<Response> ingest(List<RawItem> items) {
        if (items.size() > config.maxBatchEvents()) {
            throw new ProblemException(
                    413,
                    "Batch too large",
                    "a batch holds at most " + config.maxBatchEvents() + " events, got " + items.size(),
                    List.of());
        }
        return predictions
                .ingest(items, "POST /v1/predictions")
                .map((IngestResult result) -> Response.accepted(result)
                        .type(MediaType.APPLICATION_JSON)
                        .build());
    }
}
