package dev.aimon.incident.rest;

import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.config.IncidentConfig;
import dev.aimon.incident.service.NonconformityService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/nonconformities}: the governance view of the records. */
@Path("/v1/nonconformities")
@Produces(MediaType.APPLICATION_JSON)
public class NonconformityResource {

    private final NonconformityService service;
    private final IncidentConfig config;

    public NonconformityResource(NonconformityService service, IncidentConfig config) {
        this.service = service;
        this.config = config;
    }

    @GET
    @Operation(summary = "Nonconformities, newest first, optionally of one model and one status")
    public Uni<List<Nonconformity>> list(
            @QueryParam("modelId") String modelId,
            @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > config.maxPageSize()) {
            throw new BadRequestException("page must be 0 or more and size between 1 and " + config.maxPageSize()
                    + ", got page " + page + ", size " + size);
        }
        return service.list(modelId, status, page, size);
    }
}
