package dev.aimon.stats.drift;

import smile.stat.hypothesis.KSTest;

/**
 * The two-sample, two-sided Kolmogorov–Smirnov test of a window against the reference.
 *
 * @param d the largest distance between the two empirical distribution functions
 * @param pValue Smile's asymptotic p-value (Kolmogorov distribution with the Stephens correction)
 * @param n the window's sample size
 * @param referenceN the reference's sample size
 */
public record KsResult(double d, double pValue, int n, int referenceN) {

    /** Tests sample {@code x} against the reference {@code reference}; neither may be empty. */
    public static KsResult of(double[] x, double[] reference) {
        if (x.length == 0 || reference.length == 0) {
            throw new IllegalArgumentException(
                    "KS needs two non-empty samples, got " + x.length + " and " + reference.length);
        }
        // Smile sorts its arguments in place: give it copies.
        KSTest test = KSTest.test(x.clone(), reference.clone());
        return new KsResult(test.d(), test.pvalue(), x.length, reference.length);
    }
}
