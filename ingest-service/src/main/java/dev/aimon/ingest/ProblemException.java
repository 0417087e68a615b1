package dev.aimon.ingest;

import java.util.List;
import java.util.Locale;

/** A request that cannot be served as it is; answered as an RFC 9457 problem. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.problem = new Problem("https://aimon.dev/problems/" + slug(title), title, status, detail, errors);
    }

    public static ProblemException invalid(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(422, "Invalid request", detail, errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail, List.of());
    }

    public Problem problem() {
        return problem;
    }

    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replace(' ', '-');
    }
}
