package dev.aimon.fairness.rest;

import dev.aimon.events.WindowReportEvent;
import dev.aimon.fairness.service.FairnessMonitor;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/models/{modelId}/windows}: a model's recent fairness window reports. */
@Path("/v1/models/{modelId}/windows")
@Produces(MediaType.APPLICATION_JSON)
public class WindowResource {

    private final FairnessMonitor monitor;

    public WindowResource(FairnessMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Operation(summary = "The model's most recent window reports, newest first")
    public List<WindowReportEvent> windows(
            @PathParam("modelId") String modelId, @QueryParam("limit") @DefaultValue("20") int limit) {
        return monitor.recentReports(modelId, Math.max(0, Math.min(limit, 1000)));
    }
}
