package dev.aimon.stats.performance;

import dev.aimon.stats.fairness.TwoProportions;
import smile.stat.distribution.GaussianDistribution;

/**
 * One performance metric of a window beside the same metric of the reference, with a two-sided test of their
 * difference.
 *
 * @param value the window's value; NaN when undefined (no positives, say)
 * @param referenceValue the reference's value; NaN when undefined
 * @param n the window's count the metric rests on (labelled predictions, predicted positives, actual positives)
 * @param referenceN the same count in the reference
 * @param pValue the two-sided p-value of "no change"; NaN when either value is undefined
 */
public record PerformanceChange(double value, double referenceValue, long n, long referenceN, double pValue) {

    public boolean defined() {
        return !Double.isNaN(value) && !Double.isNaN(referenceValue);
    }

    /** Accuracy, (TP + TN) / n; two-proportion test. */
    public static PerformanceChange accuracy(PerformanceCounts w, PerformanceCounts r) {
        return proportions(w.tp() + w.tn(), w.labelled(), r.tp() + r.tn(), r.labelled());
    }

    /** Precision, TP / (TP + FP): of the predicted positives, how many are; two-proportion test. */
    public static PerformanceChange precision(PerformanceCounts w, PerformanceCounts r) {
        return proportions(w.tp(), w.tp() + w.fp(), r.tp(), r.tp() + r.fp());
    }

    /** Recall, TP / (TP + FN): of the actual positives, how many were found; two-proportion test. */
    public static PerformanceChange recall(PerformanceCounts w, PerformanceCounts r) {
        return proportions(w.tp(), w.tp() + w.fn(), r.tp(), r.tp() + r.fn());
    }

    private static PerformanceChange proportions(long x, long n, long rx, long rn) {
        double value = n == 0 ? Double.NaN : (double) x / n;
        double reference = rn == 0 ? Double.NaN : (double) rx / rn;
        double p = n == 0 || rn == 0
                ? Double.NaN
                : TwoProportions.test(x, n, rx, rn).pValue();
        return new PerformanceChange(value, reference, n, rn, p);
    }

    /**
     * F1, 2TP / (2TP + FP + FN). Its variance by the delta method over the multinomial confusion matrix: with S = 2TP
     * + FP + FN, Var(F1) = 4·TP·(FP + FN)·(TP + FP + FN) / S⁴ (the true negatives drop out: F1 does not depend on
     * them); the z-test uses the sum of the two variances.
     */
    public static PerformanceChange f1(PerformanceCounts w, PerformanceCounts r) {
        double value = f1(w.tp(), w.fp(), w.fn());
        double reference = f1(r.tp(), r.fp(), r.fn());
        double se = Math.sqrt(f1Variance(w.tp(), w.fp(), w.fn()) + f1Variance(r.tp(), r.fp(), r.fn()));
        return new PerformanceChange(value, reference, w.labelled(), r.labelled(), zTest(value, reference, se));
    }

    static double f1(long tp, long fp, long fn) {
        long s = 2 * tp + fp + fn;
        return s == 0 ? Double.NaN : 2.0 * tp / s;
    }

    static double f1Variance(long tp, long fp, long fn) {
        double s = 2.0 * tp + fp + fn;
        return s == 0 ? Double.NaN : 4.0 * tp * (fp + fn) * (tp + fp + fn) / (s * s * s * s);
    }

    /**
     * The area under the ROC curve, the probability that a random positive scores above a random negative (ties count
     * one half; the Mann–Whitney statistic over both classes' kept scores). Its standard error is Hanley and McNeil's
     * (Radiology 143, 1982): SE² = [A(1 − A) + (n₁ − 1)(Q₁ − A²) + (n₂ − 1)(Q₂ − A²)] / (n₁n₂), Q₁ = A/(2 − A), Q₂ =
     * 2A²/(1 + A); the two windows are independent, so the z-test uses the sum of the squares.
     */
    public static PerformanceChange auc(PerformanceCounts w, PerformanceCounts r) {
        double value = auc(w.positiveScores().sorted(), w.negativeScores().sorted());
        double reference = auc(r.positiveScores().sorted(), r.negativeScores().sorted());
        double se = Math.sqrt(aucVariance(
                        value, w.positiveScores().size(), w.negativeScores().size())
                + aucVariance(
                        reference, r.positiveScores().size(), r.negativeScores().size()));
        return new PerformanceChange(
                value,
                reference,
                w.positiveScores().count() + w.negativeScores().count(),
                r.positiveScores().count() + r.negativeScores().count(),
                zTest(value, reference, se));
    }

    /** The Mann–Whitney AUC of sorted positive and negative scores; NaN when either is empty. */
    static double auc(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) {
            return Double.NaN;
        }
        // For each positive: negatives strictly below it, plus half the negatives equal to it.
        double wins = 0;
        for (double p : positives) {
            int below = lowerBound(negatives, p);
            int atOrBelow = upperBound(negatives, p);
            wins += below + (atOrBelow - below) / 2.0;
        }
        return wins / ((double) positives.length * negatives.length);
    }

    static double aucVariance(double a, long positives, long negatives) {
        if (Double.isNaN(a) || positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        return (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a))
                / ((double) positives * negatives);
    }

    private static double zTest(double value, double reference, double se) {
        if (Double.isNaN(value) || Double.isNaN(reference) || Double.isNaN(se)) {
            return Double.NaN;
        }
        if (se == 0) {
            return value == reference ? 1.0 : 0.0;
        }
        double z = Math.abs(value - reference) / se;
        return Math.min(1, 2 * (1 - GaussianDistribution.getInstance().cdf(z)));
    }

    /** How many sorted values are below x (strictly). */
    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** How many sorted values are at most x. */
    private static int upperBound(double[] sorted, double x) {
        return lowerBound(sorted, Math.nextUp(x));
    }
}
