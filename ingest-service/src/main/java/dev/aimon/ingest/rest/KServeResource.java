package dev.aimon.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.events.EventJson;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.ingest.Problem;
import dev.aimon.ingest.ProblemException;
import dev.aimon.ingest.Roles;
import dev.aimon.ingest.messaging.EventPublisher;
import dev.aimon.ingest.service.IngestService;
import dev.aimon.ingest.service.KServeMapper;
import dev.aimon.ingest.service.KServePairs;
import dev.aimon.ingest.service.PlanService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /v1/kserve}: the KServe InferenceLogger's CloudEvents, in binary mode ({@code ce-*} headers, the body is
 * the data) or structured mode ({@code application/cloudevents+json}). The request
 * ({@code org.kubeflow.serving.inference.request}) and the response ({@code …inference.response}) of one inference
 * share a {@code ce-id}; when both have come, each row becomes a prediction event and goes through the usual
 * validation. Point the InferenceService's {@code logger.url} here, with {@code ?modelId=} when the model's aimon id is
 * not its {@code inferenceservicename}.
 */
@Path("/v1/kserve")
@Produces(MediaType.APPLICATION_JSON)
public class KServeResource {

    static final String SOURCE = "POST /v1/kserve";
    static final String REQUEST = "org.kubeflow.serving.inference.request";
    static final String RESPONSE = "org.kubeflow.serving.inference.response";

    private final KServePairs pairs;
    private final PlanService plans;
    private final IngestService ingest;
    private final EventPublisher publisher;

    public KServeResource(KServePairs pairs, PlanService plans, IngestService ingest, EventPublisher publisher) {
        this.pairs = pairs;
        this.plans = plans;
        this.ingest = ingest;
        this.publisher = publisher;
    }

    /** A CloudEvent as read from either mode. */
    record CloudEvent(String id, String type, Instant time, String inferenceService, JsonNode data) {}

    @POST
    @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Take a KServe InferenceLogger CloudEvent (request or response; binary or structured mode)",
            description = "202 with {\"waitingFor\": \"response\"|\"request\"} for the first half of a pair, and the"
                    + " usual {\"accepted\", \"rejected\"} once both have come. modelId defaults to the"
                    + " inferenceservicename extension; modelVersion is optional.")
    public Uni<Response> post(
            @Context HttpHeaders headers,
            @QueryParam("modelId") String modelId,
            @QueryParam("modelVersion") String modelVersion,
            byte[] body) {
        CloudEvent event = read(headers, body);
        boolean request = REQUEST.equals(event.type());
        String model = modelId != null ? modelId : event.inferenceService();
        if (model == null || model.isBlank()) {
            throw problem("modelId", "no ?modelId= and no inferenceservicename extension to take it from");
        }
        Instant now = Instant.now();
        Optional<KServePairs.Half> other = pairs.offer(
                event.id(),
                new KServePairs.Half(request, event.time() == null ? now : event.time(), event.data(), now));
        if (other.isEmpty()) {
            return Uni.createFrom()
                    .item(Response.accepted(Map.of("waitingFor", request ? "response" : "request", "id", event.id()))
                            .build());
        }
        KServePairs.Half requestHalf = request
                ? new KServePairs.Half(true, event.time() == null ? now : event.time(), event.data(), now)
                : other.get();
        KServePairs.Half responseHalf = request ? other.get() : new KServePairs.Half(false, now, event.data(), now);
        return plans.latest(Set.of(model)).chain(byModel -> {
            MonitoringPlan plan =
                    byModel.containsKey(model) ? byModel.get(model).plan() : null;
            List<JsonNode> events;
            try {
                events = KServeMapper.events(
                        model,
                        modelVersion,
                        plan,
                        event.id(),
                        requestHalf.time(),
                        requestHalf.data(),
                        responseHalf.data());
            } catch (KServeMapper.Unmappable e) {
                byte[] pair = ("{\"request\":" + requestHalf.data() + ",\"response\":" + responseHalf.data() + "}")
                        .getBytes(StandardCharsets.UTF_8);
                return publisher
                        .deadLetter(model, pair, e.getMessage(), SOURCE)
                        .chain(() -> Uni.createFrom()
                                .failure(new ProblemException(422, "Unmappable inference", e.getMessage(), List.of())));
            }
            List<IngestService.RawItem> items = new ArrayList<>();
            for (JsonNode e : events) {
                items.add(new IngestService.RawItem(e, e.toString().getBytes(StandardCharsets.UTF_8), null));
            }
            return BatchReader.accepted(ingest.predictions(items, SOURCE));
        });
    }

    static CloudEvent read(HttpHeaders headers, byte[] body) {
        MediaType type = headers.getMediaType();
        boolean structured = type != null && "cloudevents+json".equals(type.getSubtype());
        JsonNode json;
        try {
            json = EventJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(
                    400, "Malformed JSON", "the body is not JSON: " + e.getOriginalMessage(), List.of());
        } catch (IOException e) {
            throw new ProblemException(400, "Unreadable body", e.getMessage(), List.of());
        }
        if (json == null || json.isMissingNode()) {
            throw new ProblemException(400, "Empty body", "a CloudEvent needs its data", List.of());
        }
        String id;
        String eventType;
        String time;
        String service;
        JsonNode data;
        if (structured) {
            id = json.path("id").asText(null);
            eventType = json.path("type").asText(null);
            time = json.path("time").asText(null);
            service = json.path("inferenceservicename").asText(null);
            data = json.get("data");
        } else {
            id = headers.getHeaderString("ce-id");
            eventType = headers.getHeaderString("ce-type");
            time = headers.getHeaderString("ce-time");
            service = headers.getHeaderString("ce-inferenceservicename");
            data = json;
        }
        if (id == null || id.isBlank()) {
            throw problem("id", "the CloudEvent has no id (ce-id) to pair the request and the response by");
        }
        if (!REQUEST.equals(eventType) && !RESPONSE.equals(eventType)) {
            throw problem("type", "the CloudEvent type must be " + REQUEST + " or " + RESPONSE + ", got " + eventType);
        }
        if (data == null || !data.isObject()) {
            throw problem("data", "the CloudEvent's data must be the inference request or response, a JSON object");
        }
        Instant at = null;
        if (time != null) {
            try {
                at = Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw problem("time", "not an RFC 3339 time: " + time);
            }
        }
        return new CloudEvent(id, eventType, at, service, data);
    }

    private static ProblemException problem(String field, String message) {
        return ProblemException.invalid(message, List.of(new Problem.FieldError(field, message)));
    }
}
