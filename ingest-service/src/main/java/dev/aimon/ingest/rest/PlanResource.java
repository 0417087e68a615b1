package dev.aimon.ingest.rest;

import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.ingest.PlanHistoryEntry;
import dev.aimon.ingest.ProblemException;
import dev.aimon.ingest.Roles;
import dev.aimon.ingest.service.PlanService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /v1/models/{modelId}/plan}: a model's monitoring plan. */
@Path("/v1/models/{modelId}/plan")
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {

    private final PlanService plans;
    private final SecurityIdentity identity;

    public PlanResource(PlanService plans, SecurityIdentity identity) {
        this.plans = plans;
        this.identity = identity;
    }

    @PUT
    @RolesAllowed({Roles.GOVERNANCE, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a new version of the model's monitoring plan and publish it on aimon.plans")
    public Uni<MonitoringPlanEvent> put(@PathParam("modelId") String modelId, MonitoringPlan plan) {
        if (plan == null) {
            return Uni.createFrom().failure(ProblemException.invalid("a monitoring plan is required", List.of()));
        }
        return plans.put(modelId, plan, identity.getPrincipal().getName());
    }

    @GET
    @RolesAllowed({Roles.PRODUCER, Roles.GOVERNANCE, Roles.ADMIN, Roles.AUDITOR, Roles.SRE})
    @Operation(summary = "The newest version of the model's monitoring plan")
    public Uni<MonitoringPlanEvent> get(@PathParam("modelId") String modelId) {
        return plans.latest(modelId);
    }

    @DELETE
    @RolesAllowed({Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "Delete the model's plan: the analysis services drop its state and gauges")
    public Uni<Response> delete(@PathParam("modelId") String modelId) {
        return plans.delete(modelId, identity.getPrincipal().getName())
                .map(v -> Response.noContent().build());
    }

    @GET
    @Path("/history")
    @RolesAllowed({Roles.PRODUCER, Roles.GOVERNANCE, Roles.ADMIN, Roles.AUDITOR, Roles.SRE})
    @Operation(summary = "Every version of the model's plan, oldest first, with who and when")
    public Uni<List<PlanHistoryEntry>> history(@PathParam("modelId") String modelId) {
        return plans.history(modelId);
    }
}
