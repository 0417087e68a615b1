package dev.aimon.stats;

import java.util.List;

/**
 * A two-sided confidence interval.
 *
 * @param low the lower limit
 * @param high the upper limit
 */
public record Interval(double low, double high) {

    /** As the contract writes it: {@code [low, high]}. */
    public List<Double> asList() {
        return List.of(low, high);
    }
}
