package dev.aimon.incident.rest;

import dev.aimon.incident.Roles;
import dev.aimon.incident.service.Register;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The register as a whole: its verification, and the signed heads of its ledger (ISO/IEC 42001 7.5.3). */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final Register register;

    public AuditResource(Register register) {
        this.register = register;
    }

    @GET
    @Path("/register")
    @RolesAllowed({Roles.AUDITOR, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(
            summary = "Verify the whole register",
            description = "The ledger's chain, every history entry and window report against its ledger entry and"
                    + " back, and the ledger against the last signed head stored and the last published on"
                    + " aimon.audit: a record deleted whole, a history or the ledger rewritten, a report removed"
                    + " are each a problem, with where.")
    public Uni<Register.Verification> verify() {
        return register.verify();
    }

    @GET
    @Path("/key")
    @RolesAllowed({Roles.AUDITOR, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The public key that verifies the ledger's signed heads (Ed25519, X.509 in Base64)")
    public Map<String, String> key() {
        return register.key();
    }

    @POST
    @Path("/anchors")
    @RolesAllowed({Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(
            summary = "Sign and publish the ledger's head now",
            description = "As the service does every audit-anchor-interval; the head, or nothing when it has not"
                    + " moved since the last.")
    public Uni<Register.Head> anchor() {
        return register.anchor();
    }
}
