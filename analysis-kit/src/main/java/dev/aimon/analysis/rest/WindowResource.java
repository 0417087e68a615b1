package dev.aimon.analysis.rest;

import dev.aimon.analysis.Analysis;
import dev.aimon.events.WindowReportEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/models/{modelId}/windows}: a model's recent window reports from this service. */
@Path("/v1/models/{modelId}/windows")
@Produces(MediaType.APPLICATION_JSON)
public class WindowResource {

    private final Analysis analysis;

    public WindowResource(Analysis analysis) {
        this.analysis = analysis;
    }

    @GET
    @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The model's most recent window reports, newest first")
    public List<WindowReportEvent> windows(
            @PathParam("modelId") String modelId, @QueryParam("limit") @DefaultValue("20") int limit) {
        return analysis.recentReports(modelId, Math.max(0, Math.min(limit, 1000)));
    }
}
