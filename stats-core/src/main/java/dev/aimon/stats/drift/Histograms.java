package dev.aimon.stats.drift;

import java.util.Arrays;

/**
 * The binned distances of DESIGN.md §2: population stability index and Jensen–Shannon distance between a window's
 * proportions and the reference's, and the reference deciles that cut a numeric feature into its bins.
 */
public final class Histograms {

    /** The smallest proportion PSI takes a logarithm of: an empty bin counts as this much. */
    public static final double PSI_FLOOR = 1e-4;

    private Histograms() {}

    /**
     * The cut points of ten bins at the reference's deciles, with linear interpolation between order statistics (type
     * 7 of Hyndman and Fan, the default of numpy and R): the p-quantile of n sorted values is x[h] interpolated at h =
     * (n − 1)·p. Equal deciles (ties in the reference) give one cut, not an empty bin, so a feature with few distinct
     * values has fewer bins.
     */
    public static double[] decileCuts(double[] sortedReference) {
        if (sortedReference.length == 0) {
            throw new IllegalArgumentException("deciles of an empty reference");
        }
        double[] cuts = new double[9];
        int distinct = 0;
        for (int d = 1; d <= 9; d++) {
            double cut = quantile(sortedReference, d / 10.0);
            if (distinct == 0 || cut > cuts[distinct - 1]) {
                cuts[distinct++] = cut;
            }
        }
        return Arrays.copyOf(cuts, distinct);
    }

    /** The p-quantile of sorted values, type 7 (linear interpolation). */
    public static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /**
     * The proportion of sorted values in each bin the cuts make: (−∞, c₁], (c₁, c₂], …, (c_k, +∞). Bins are closed
     * on the right, so a value equal to a cut falls in the bin below it.
     */
    public static double[] proportions(double[] sorted, double[] cuts) {
        double[] p = new double[cuts.length + 1];
        int below = 0;
        for (int i = 0; i < cuts.length; i++) {
            int atOrBelow = upperBound(sorted, cuts[i]);
            p[i] = (atOrBelow - below) / (double) sorted.length;
            below = atOrBelow;
        }
        p[cuts.length] = (sorted.length - below) / (double) sorted.length;
        return p;
    }

    /** How many sorted values are at most x. */
    static int upperBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Population stability index Σ (a − e)·ln(a / e) of the window's proportions a against the reference's e, each
     * floored at {@value #PSI_FLOOR} (not renormalised), natural logarithm.
     */
    public static double psi(double[] window, double[] reference) {
        check(window, reference);
        double sum = 0;
        for (int i = 0; i < window.length; i++) {
            double a = Math.max(window[i], PSI_FLOOR);
            double e = Math.max(reference[i], PSI_FLOOR);
            sum += (a - e) * Math.log(a / e);
        }
        return sum;
    }

    /**
     * Jensen–Shannon distance in base 2: the square root of ½·KL(p‖m) + ½·KL(q‖m) with m = (p + q)/2, between 0 and
     * 1 (scipy's {@code jensenshannon(p, q, base=2)}). Empty bins need no floor here: 0·log 0 is 0.
     */
    public static double jensenShannon(double[] p, double[] q) {
        check(p, q);
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) {
                divergence += 0.5 * p[i] * log2(p[i] / m);
            }
            if (q[i] > 0) {
                divergence += 0.5 * q[i] * log2(q[i] / m);
            }
        }
        return Math.sqrt(Math.max(0, divergence));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("proportions over " + a.length + " and " + b.length + " bins");
        }
    }
}
