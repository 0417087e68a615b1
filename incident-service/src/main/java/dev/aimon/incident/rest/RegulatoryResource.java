package dev.aimon.incident.rest;

import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.Roles;
import dev.aimon.incident.service.NonconformityService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/regulatory/serious-incidents}: the running EU AI Act Art. 73 clocks. */
@Path("/v1/regulatory/serious-incidents")
@Produces(MediaType.APPLICATION_JSON)
public class RegulatoryResource {

    private final NonconformityService service;

    public RegulatoryResource(NonconformityService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(
            summary = "Serious incidents and their Art. 73 reporting deadlines, soonest first",
            description = "A record becomes a serious incident when its containment step assesses it so; its deadline"
                    + " is counted from awareAt: 15 days, 2 days for a widespread infringement or critical"
                    + " infrastructure, 10 days for a death. deadlineBefore (an ISO-8601 instant, default: far"
                    + " future) keeps those due before it.")
    public Uni<List<Nonconformity>> seriousIncidents(@QueryParam("deadlineBefore") String deadlineBefore) {
        return service.seriousIncidents(
                QueryInstants.parse("deadlineBefore", deadlineBefore, Instant.parse("9999-12-31T23:59:59Z")));
    }
}
