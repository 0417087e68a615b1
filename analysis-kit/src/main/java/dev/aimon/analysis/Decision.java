package dev.aimon.analysis;

import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.stats.Bounds;

/**
 * A verdict and why, by the rule both analysis services apply: a value outside its bounds is a breach only when its
 * test, adjusted for the window's other tests, is significant; too little data is no verdict at all.
 *
 * @param verdict the verdict
 * @param reason why, when the verdict alone does not say it; null otherwise
 */
public record Decision(Verdict verdict, String reason) {

    /** Too little data: the sample sizes and the minimum the plan asks for. */
    public static Decision insufficient(long n, long referenceN, int minimum) {
        return new Decision(
                Verdict.INSUFFICIENT_EVIDENCE,
                "sample sizes " + n + " and " + referenceN + " (reference); the plan needs at least " + minimum);
    }

    /** The verdict on a value with its adjusted p-value. */
    public static Decision of(Threshold threshold, double value, double adjustedP, double alpha) {
        if (!Bounds.outside(threshold, value)) {
            return new Decision(Verdict.OK, null);
        }
        if (adjustedP < alpha) {
            return new Decision(Verdict.BREACH, null);
        }
        return new Decision(
                Verdict.OK,
                "outside its bounds, but not significant: adjusted p-value %.4g is not below alpha %s"
                        .formatted(adjustedP, alpha));
    }
}
