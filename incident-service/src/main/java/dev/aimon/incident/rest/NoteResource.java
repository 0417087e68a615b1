package dev.aimon.incident.rest;

import dev.aimon.incident.Lifecycle;
import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.Roles;
import dev.aimon.incident.audit.EntryType;
import dev.aimon.incident.service.NonconformityService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What a record needs besides its moves: communications about it (ISO/IEC 42001 A.8.4) and, for a serious incident,
 * the reports made to the authority (EU AI Act Art. 73). Each is appended to the history, by the token's subject.
 */
@Path("/v1/nonconformities/{id}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class NoteResource {

    private final NonconformityService service;
    private final SecurityIdentity identity;

    public NoteResource(NonconformityService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /** A communication about the record: to whom, how, when. */
    public record Communication(String audience, String channel, Instant sentAt, String summary) {}

    /** A report to the market surveillance authority: INITIAL or FINAL, when, to whom, its reference. */
    public record RegulatoryReport(String kind, Instant at, String authority, String reference) {}

    @POST
    @Path("/communications")
    @RolesAllowed({Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "Record a communication about a nonconformity (ISO/IEC 42001 A.8.4)")
    public Uni<Nonconformity> communication(@PathParam("id") UUID id, Communication c) {
        List<String> missing = new ArrayList<>();
        if (c == null || blank(c.audience())) {
            missing.add("audience: who was told");
        }
        if (c == null || blank(c.channel())) {
            missing.add("channel: how (email, meeting, portal, …)");
        }
        if (c == null || c.sentAt() == null) {
            missing.add("sentAt: when");
        }
        if (!missing.isEmpty()) {
            throw new Lifecycle.MissingFields(missing);
        }
        return service.annotate(id, EntryType.COMMUNICATION, actor(), c, nc -> true);
    }

    @POST
    @Path("/regulatory-reports")
    @RolesAllowed({Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(
            summary = "Record a report of a serious incident to the authority (EU AI Act Art. 73)",
            description = "Only for a record assessed a serious incident (409 otherwise).")
    public Uni<Nonconformity> regulatoryReport(@PathParam("id") UUID id, RegulatoryReport r) {
        List<String> missing = new ArrayList<>();
        if (r == null || r.kind() == null || !Set.of("INITIAL", "FINAL").contains(r.kind())) {
            missing.add("kind: INITIAL or FINAL");
        }
        if (r == null || r.at() == null) {
            missing.add("at: when the report was made");
        }
        if (r == null || blank(r.authority())) {
            missing.add("authority: the market surveillance authority it went to");
        }
        if (!missing.isEmpty()) {
            throw new Lifecycle.MissingFields(missing);
        }
        return service.annotate(id, EntryType.REGULATORY_REPORT, actor(), r, nc -> {
            if (!"SERIOUS_INCIDENT".equals(nc.recordClass)) {
                throw new Lifecycle.Conflict(
                        "only a serious incident is reported under Art. 73; this record is " + nc.recordClass);
            }
            return true;
        });
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
