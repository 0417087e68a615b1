package dev.aimon.stats;

/**
 * A computed value, or the reason it cannot be computed (a zero denominator, an empty sample). Never NaN.
 *
 * @param value the value when defined, else NaN (read it through {@link #orNull()})
 * @param reason why the value is undefined; null when it is defined
 */
public record Estimate(double value, String reason) {

    public Estimate {
        if (reason == null && !Double.isFinite(value)) {
            throw new IllegalArgumentException("an estimate without a reason must be finite, got " + value);
        }
    }

    /** A defined value. */
    public static Estimate of(double value) {
        return new Estimate(value, null);
    }

    /** No value, for the reason given. */
    public static Estimate undefined(String reason) {
        return new Estimate(Double.NaN, reason);
    }

    public boolean isDefined() {
        return reason == null;
    }

    /** The value boxed for a report, or null when undefined. */
    public Double orNull() {
        return isDefined() ? value : null;
    }
}
