package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;

/**
 * The bounds a metric must stay within; either may be absent (no bound on that side).
 *
 * @param lower the value must not fall below this
 * @param upper the value must not rise above this
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Threshold(Double lower, Double upper) implements Serializable {

    /** A bound on both sides. */
    public static Threshold between(double lower, double upper) {
        return new Threshold(lower, upper);
    }

    /** An upper bound only. */
    public static Threshold atMost(double upper) {
        return new Threshold(null, upper);
    }
}
