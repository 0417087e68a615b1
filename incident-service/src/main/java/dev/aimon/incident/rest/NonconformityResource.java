package dev.aimon.incident.rest;

import dev.aimon.incident.Lifecycle;
import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.Roles;
import dev.aimon.incident.TransitionRequest;
import dev.aimon.incident.config.IncidentConfig;
import dev.aimon.incident.repository.NonconformityRepository;
import dev.aimon.incident.service.NonconformityService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /v1/nonconformities}: the governance view of the records. */
@Path("/v1/nonconformities")
@Produces(MediaType.APPLICATION_JSON)
public class NonconformityResource {

    private final NonconformityService service;
    private final IncidentConfig config;
    private final SecurityIdentity identity;

    public NonconformityResource(NonconformityService service, IncidentConfig config, SecurityIdentity identity) {
        this.service = service;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(
            summary = "Nonconformities, filtered, sorted and paginated",
            description = "Filters: modelId, modelVersion, status, severity, breachKind, requirement"
                    + " (FRAMEWORK:ref, e.g. ISO42001:A.6.2.6), framework (ISO42001, NIST-AI-RMF, EU-AI-ACT),"
                    + " openedFrom/openedTo and closedFrom/closedTo (ISO-8601 instants, from inclusive, to exclusive),"
                    + " owner, overdue=true. sort: openedAt, closedAt, lastBreachAt, severity, ref, occurrences or"
                    + " nextDue, with a leading '-' for descending (default -openedAt).")
    public Uni<List<Nonconformity>> list(
            @QueryParam("modelId") String modelId,
            @QueryParam("modelVersion") String modelVersion,
            @QueryParam("status") String status,
            @QueryParam("severity") String severity,
            @QueryParam("breachKind") String breachKind,
            @QueryParam("requirement") String requirement,
            @QueryParam("framework") String framework,
            @QueryParam("openedFrom") String openedFrom,
            @QueryParam("openedTo") String openedTo,
            @QueryParam("closedFrom") String closedFrom,
            @QueryParam("closedTo") String closedTo,
            @QueryParam("owner") String owner,
            @QueryParam("overdue") Boolean overdue,
            @QueryParam("sort") @DefaultValue("-openedAt") String sort,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > config.maxPageSize()) {
            throw new BadRequestException("page must be 0 or more and size between 1 and " + config.maxPageSize()
                    + ", got page " + page + ", size " + size);
        }
        if (!NonconformityRepository.SORTABLE.containsKey(sort.startsWith("-") ? sort.substring(1) : sort)) {
            throw new BadRequestException(
                    "sort must be one of " + NonconformityRepository.SORTABLE.keySet() + ", optionally with a '-'");
        }
        if (status != null
                && Arrays.stream(Lifecycle.Status.values())
                        .noneMatch(v -> v.name().equals(status))) {
            throw new BadRequestException("status must be one of " + EnumSet.allOf(Lifecycle.Status.class));
        }
        NonconformityRepository.Filter filter = new NonconformityRepository.Filter(
                modelId,
                modelVersion,
                status,
                severity,
                breachKind,
                requirement,
                framework,
                QueryInstants.parse("openedFrom", openedFrom, null),
                QueryInstants.parse("openedTo", openedTo, null),
                QueryInstants.parse("closedFrom", closedFrom, null),
                QueryInstants.parse("closedTo", closedTo, null),
                owner,
                overdue,
                LocalDate.now(ZoneOffset.UTC));
        return service.list(filter, sort, page, size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(summary = "One nonconformity: its trace, requirements and clause 10.2 data so far")
    public Uni<Nonconformity> get(@PathParam("id") UUID id) {
        return service.get(id);
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.AUDITOR, Roles.SRE, Roles.GOVERNANCE, Roles.ADMIN})
    @Operation(
            summary = "The hash-chained history of a nonconformity and whether it verifies",
            description = "Each entry's hash is SHA-256 over seq, type, actor, at, change and prevHash joined by"
                    + " newlines (the first prevHash is 64 zeros); verified is false when any entry was changed,"
                    + " removed or reordered, or when the record's status is not the one its history leads to.")
    public Uni<NonconformityService.History> history(@PathParam("id") UUID id) {
        return service.history(id);
    }

    @POST
    @Path("/{id}/transitions")
    @RolesAllowed({Roles.GOVERNANCE, Roles.SRE, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Move a nonconformity through the clause 10.2 lifecycle",
            description = "A move the lifecycle does not allow from the current status, or by this person"
                    + " (segregation of duties, a dismissal's second person), is a 409; a move that lacks what it"
                    + " needs is a 422 naming every missing field. The actor is the bearer token's subject; roles"
                    + " governance and admin make any move, sre only acknowledges.")
    @APIResponse(responseCode = "200", description = "the record after the move")
    @APIResponse(responseCode = "404", description = "no such record")
    @APIResponse(responseCode = "409", description = "the move is not allowed")
    @APIResponse(responseCode = "422", description = "the move lacks what it needs")
    public Uni<Nonconformity> transition(@PathParam("id") UUID id, TransitionRequest request) {
        if (request == null) {
            throw new Lifecycle.MissingFields(List.of("the body: a transition, {\"to\": …}"));
        }
        if (!Roles.mayMove(identity, request.to())) {
            throw new ForbiddenException("the sre role may acknowledge a nonconformity; other moves need governance");
        }
        return service.transition(id, request.by(identity.getPrincipal().getName()));
    }
}
