package dev.aimon.incident.rest;

import jakarta.ws.rs.BadRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The ISO-8601 instants of query parameters: a value that is not one is a 400 naming the parameter. */
public final class QueryInstants {

    private QueryInstants() {}

    /** The instant a parameter gives, or {@code otherwise} when it is absent. */
    public static Instant parse(String name, String value, Instant otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(
                    name + " must be an ISO-8601 instant such as 2026-11-27T10:00:00Z, got '" + value + "'");
        }
    }
}
