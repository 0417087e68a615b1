package dev.aimon.analysis.rest;

import dev.aimon.analysis.Analysis;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /v1/evaluate}: the reports of a batch, cut into the plan's windows as the stream would (the last, partial
 * window included), computed with the same maths and published nowhere. For checks before a release and for
 * comparing aimon with other tools.
 */
@Path("/v1/evaluate")
public class EvaluateResource {

    private final Analysis analysis;

    public EvaluateResource(Analysis analysis) {
        this.analysis = analysis;
    }

    @POST
    @RolesAllowed({Roles.PRODUCER, Roles.GOVERNANCE, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Evaluate a batch of predictions against a plan, without publishing anything")
    public List<WindowReportEvent> evaluate(EvaluateRequest request) {
        List<String> errors = new ArrayList<>();
        if (request == null || request.plan() == null) {
            throw invalid(List.of("plan: is required"));
        }
        MonitoringPlan plan = request.plan();
        boolean countWindow = plan.window() != null
                && plan.window().events() != null
                && plan.window().events() >= 1
                && plan.window().duration() == null;
        boolean timeWindow = plan.window() != null
                && plan.window().events() == null
                && plan.window().duration() != null
                && plan.window().duration().isPositive();
        if (!countWindow && !timeWindow) {
            errors.add("plan.window: one of a count window {\"events\": N} (N ≥ 1) or a time window"
                    + " {\"duration\": \"PT15M\"} is required");
        }
        if (request.events() == null || request.events().isEmpty()) {
            errors.add("events: at least one prediction is required");
        }
        String modelId = plan.modelId() == null ? "evaluate" : plan.modelId();
        List<PredictionEvent> events = ownedBy(modelId, request.events(), "events", errors);
        List<PredictionEvent> reference = ownedBy(modelId, request.reference(), "reference", errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        int version = request.planVersion() == null ? 0 : request.planVersion();
        MonitoringPlanEvent planEvent =
                new MonitoringPlanEvent(MonitoringPlanEvent.SCHEMA_VERSION, modelId, version, null, null, plan);
        return analysis.evaluate(planEvent, events, reference);
    }

    /** The events as the plan's model's, each with a timestamp (the windows need it). */
    private static List<PredictionEvent> ownedBy(
            String modelId, List<PredictionEvent> events, String field, List<String> errors) {
        if (events == null) {
            return List.of();
        }
        List<PredictionEvent> owned = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            PredictionEvent e = events.get(i);
            if (e == null || e.timestamp() == null) {
                errors.add(field + "[" + i + "].timestamp: is required");
                continue;
            }
            owned.add(new PredictionEvent(
                    PredictionEvent.SCHEMA_VERSION,
                    e.eventId(),
                    modelId,
                    e.modelVersion(),
                    e.timestamp(),
                    e.features(),
                    e.attributes(),
                    e.prediction(),
                    e.score(),
                    e.label()));
        }
        return owned;
    }

    private static WebApplicationException invalid(List<String> errors) {
        return Problems.of(422, "invalid-request", "Invalid request", errors);
    }
}
