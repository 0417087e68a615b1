package dev.aimon.incident.rest;

import dev.aimon.incident.Roles;
import dev.aimon.incident.service.EvidenceService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/models/{modelId}/evidence}: how much monitoring evidence incident-service keeps for a model. */
@Path("/v1/models/{modelId}/evidence")
@Produces(MediaType.APPLICATION_JSON)
public class EvidenceResource {

    private final EvidenceService evidence;

    public EvidenceResource(EvidenceService evidence) {
        this.evidence = evidence;
    }

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(
            summary = "How much evidence is kept for the model: window reports (the proof that monitoring ran),"
                    + " breaches received, and breaches that no record holds yet")
    public Uni<EvidenceService.Counts> get(@PathParam("modelId") String modelId) {
        return evidence.count(modelId);
    }
}
