package dev.aimon.stats;

import dev.aimon.events.Threshold;

/** Whether a value lies within a plan's threshold. */
public final class Bounds {

    private Bounds() {}

    /** True when the value is below the lower bound or above the upper bound (bounds themselves are within). */
    public static boolean outside(Threshold threshold, double value) {
        if (threshold == null) {
            return false;
        }
        return (threshold.lower() != null && value < threshold.lower())
                || (threshold.upper() != null && value > threshold.upper());
    }
}
