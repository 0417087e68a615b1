package dev.aimon.analysis.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Error responses of the analysis services as RFC 9457 problem details. */
public final class Problems {

    /** The most errors one response lists. */
    public static final int MAX_ERRORS = 20;

    private Problems() {}

    /** A problem of the given status, its detail the errors (the first {@value #MAX_ERRORS}) joined. */
    public static WebApplicationException of(int status, String type, String title, List<String> errors) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://aimon.dev/problems/" + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", String.join("; ", errors.subList(0, Math.min(errors.size(), MAX_ERRORS))));
        return new WebApplicationException(Response.status(status)
                .type("application/problem+json")
                .entity(problem)
                .build());
    }
}
