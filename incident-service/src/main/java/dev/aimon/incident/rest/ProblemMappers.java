package dev.aimon.incident.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aimon.incident.Lifecycle;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures into RFC 9457 problem responses ({@code application/problem+json}). */
public class ProblemMappers {

    static final String PROBLEM_JSON = "application/problem+json";

    /**
     * An RFC 9457 problem.
     *
     * @param errors each missing or invalid field with its rule (422)
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(String type, String title, int status, String detail, List<String> errors) {}

    @ServerExceptionMapper
    public Response missing(Lifecycle.MissingFields e) {
        return respond(new Problem(
                "https://aimon.dev/problems/missing-fields", "Missing fields", 422, e.getMessage(), e.fields()));
    }

    @ServerExceptionMapper
    public Response conflict(Lifecycle.Conflict e) {
        return respond(new Problem(
                "https://aimon.dev/problems/lifecycle-conflict", "Move not allowed", 409, e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return respond(new Problem(
                "https://aimon.dev/problems/malformed-json",
                "Malformed JSON",
                400,
                "the body cannot be read: " + e.getOriginalMessage(),
                List.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return respond(new Problem(
                "about:blank", e.getResponse().getStatusInfo().getReasonPhrase(), status, e.getMessage(), List.of()));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(PROBLEM_JSON)
                .entity(problem)
                .build();
    }
}
