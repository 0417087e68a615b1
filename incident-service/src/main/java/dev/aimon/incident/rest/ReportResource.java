package dev.aimon.incident.rest;

import dev.aimon.incident.Roles;
import dev.aimon.incident.reporting.ManagementReview;
import dev.aimon.incident.service.ReportService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The governance reports: evidence per control, the management review, and the exports. Every period is {@code from}
 * (inclusive) to {@code to} (exclusive), ISO-8601 instants; by default the last 30 days.
 */
@Path("/v1")
public class ReportResource {

    private final ReportService reports;

    public ReportResource(ReportService reports) {
        this.reports = reports;
    }

    @GET
    @Path("/controls/{ref}/evidence")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(
            summary = "The evidence behind a control over a period",
            description = "ref: ISO42001:A.6.2.6, NIST-AI-RMF:MEASURE 2.11, EU-AI-ACT:Art.72, or a bare ISO 42001"
                    + " reference. The breach kinds that map to it, the window reports of their services (the proof"
                    + " that monitoring ran), the breaches received, the records, and per model the gaps: stretches"
                    + " with no window report longer than aimon.incident.gap-threshold.")
    public Uni<ReportService.ControlEvidence> controlEvidence(
            @PathParam("ref") String ref, @QueryParam("from") String from, @QueryParam("to") String to) {
        Period p = Period.of(from, to);
        return reports.controlEvidence(ref, p.from(), p.to());
    }

    @GET
    @Path("/reports/management-review")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The management-review summary (clause 9.3) of a period")
    public Uni<ManagementReview.Summary> managementReview(
            @QueryParam("from") String from, @QueryParam("to") String to) {
        Period p = Period.of(from, to);
        return reports.managementReview(p.from(), p.to());
    }

    @GET
    @Path("/exports/nonconformities.csv")
    @Produces("text/csv")
    @RolesAllowed({Roles.AUDITOR, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "The records of a period as CSV (RFC 4180)")
    public Uni<String> csv(@QueryParam("from") String from, @QueryParam("to") String to) {
        Period p = Period.of(from, to);
        return reports.csv(p.from(), p.to());
    }

    @GET
    @Path("/exports/bundle.json")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.AUDITOR, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(
            summary = "The records of a period as a JSON bundle with a SHA-256 manifest",
            description = "files: each file's text (records, histories, their verification, the management review,"
                    + " the CSV); manifest: the JSON text listing each file's SHA-256 over its UTF-8 bytes;"
                    + " manifestSha256: the digest of the manifest text.")
    public Uni<Map<String, Object>> bundle(@QueryParam("from") String from, @QueryParam("to") String to) {
        Period p = Period.of(from, to);
        return reports.bundle(p.from(), p.to());
    }

    @GET
    @Path("/exports/audit-pack.html")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({Roles.AUDITOR, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "A printable audit pack of a period: review, every record, its history and verification")
    public Uni<String> auditPack(@QueryParam("from") String from, @QueryParam("to") String to) {
        Period p = Period.of(from, to);
        return reports.auditPack(p.from(), p.to());
    }

    /** A report's period. */
    record Period(Instant from, Instant to) {

        static Period of(String from, String to) {
            Instant end = QueryInstants.parse("to", to, Instant.now());
            Instant start = QueryInstants.parse("from", from, end.minus(30, ChronoUnit.DAYS));
            if (!start.isBefore(end)) {
                throw new BadRequestException("from must be before to, got " + start + " and " + end);
            }
            return new Period(start, end);
        }
    }
}
