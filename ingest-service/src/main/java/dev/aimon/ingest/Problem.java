package dev.aimon.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail: what went wrong with a request, and each field that broke a rule.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong in this request
 * @param errors one entry per field and rule broken
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    /**
     * One broken rule.
     *
     * @param field the JSON path of the field, such as {@code window.events}
     * @param message the rule it broke
     */
    public record FieldError(String field, String message) {}
}
