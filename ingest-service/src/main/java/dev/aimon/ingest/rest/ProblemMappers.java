package dev.aimon.ingest.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.aimon.ingest.Overloaded;
import dev.aimon.ingest.Problem;
import dev.aimon.ingest.ProblemException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures into RFC 9457 problem responses ({@code application/problem+json}). */
public class ProblemMappers {

    static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response overloaded(Overloaded e) {
        Problem problem = new Problem(
                "https://aimon.dev/problems/"
                        + (e.status() == 429 ? "too-many-events-in-flight" : "broker-unavailable"),
                e.status() == 429 ? "Too many events in flight" : "Broker unavailable",
                e.status(),
                e.getMessage(),
                List.of());
        return Response.status(e.status())
                .type(PROBLEM_JSON)
                .header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .entity(problem)
                .build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    /** Jackson's own mapping errors (an unknown enum value, a wrong type): more specific than the built-in mapper. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        List<Problem.FieldError> errors = List.of();
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            errors = List.of(new Problem.FieldError(path(m), e.getOriginalMessage()));
        }
        return respond(new Problem(
                "https://aimon.dev/problems/malformed-json",
                "Malformed JSON",
                400,
                "the body cannot be read: " + e.getOriginalMessage(),
                errors));
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
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
