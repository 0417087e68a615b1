package dev.aimon.drift.rest;

import dev.aimon.drift.service.DriftMonitor;
import dev.aimon.events.WindowReportEvent;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/models/{modelId}/windows}: a model's recent drift window reports. */
@Path("/v1/models/{modelId}/windows")
@Produces(MediaType.APPLICATION_JSON)
public class WindowResource {

    private final DriftMonitor monitor;

    public WindowResource(DriftMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Operation(summary = "The model's most recent window reports, newest first")
    public List<WindowReportEvent> windows(
            @PathParam("modelId") String modelId, @QueryParam("limit") @DefaultValue("20") int limit) {
        return monitor.recentReports(modelId, Math.max(0, Math.min(limit, 1000)));
    }
}
