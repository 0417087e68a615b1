package dev.aimon.stats.fairness;

import dev.aimon.stats.Interval;
import java.util.Optional;
import smile.stat.distribution.GaussianDistribution;
import smile.stat.distribution.HyperGeometricDistribution;

/**
 * The evidence behind comparing two groups' rates: x1 of n1 against x2 of n2.
 *
 * <ul>
 *   <li>Wilson score interval of one rate (Wilson 1927; Newcombe 1998, method 3)
 *   <li>Newcombe's hybrid score interval of the difference p1 − p2 (Newcombe 1998, method 10)
 *   <li>the Katz log interval of the ratio p1 / p2 (Katz et al. 1978)
 *   <li>a two-sided test of p1 = p2: the pooled two-proportion z-test, or Fisher's exact test when an expected cell
 *       count of the 2×2 table is below 5
 * </ul>
 *
 * All at 95% confidence.
 */
public final class TwoProportions {

    /** The 0.975 quantile of the standard normal distribution. */
    static final double Z = 1.959963984540054;

    private TwoProportions() {}

    /** The test used for a comparison. */
    public enum Test {
        Z_TEST,
        FISHER_EXACT
    }

    /**
     * A test's outcome.
     *
     * @param pValue the two-sided p-value
     * @param test the test used
     */
    public record TestResult(double pValue, Test test) {}

    /** The Wilson score interval of x successes in n; empty when n is 0. */
    public static Optional<Interval> wilson(long x, long n) {
        if (n == 0) {
            return Optional.empty();
        }
        double p = (double) x / n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return Optional.of(new Interval(Math.max(0, centre - half), Math.min(1, centre + half)));
    }

    /** Newcombe's hybrid score interval of p1 − p2; empty when either group is empty. */
    public static Optional<Interval> difference(long x1, long n1, long x2, long n2) {
        Optional<Interval> w1 = wilson(x1, n1);
        Optional<Interval> w2 = wilson(x2, n2);
        if (w1.isEmpty() || w2.isEmpty()) {
            return Optional.empty();
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        Interval a = w1.get();
        Interval b = w2.get();
        double lowDelta = Math.sqrt(sq(p1 - a.low()) + sq(b.high() - p2));
        double highDelta = Math.sqrt(sq(a.high() - p1) + sq(p2 - b.low()));
        return Optional.of(new Interval(p1 - p2 - lowDelta, p1 - p2 + highDelta));
    }

    /** The Katz log interval of p1 / p2; empty when either count of successes is 0 (the log is undefined). */
    public static Optional<Interval> ratio(long x1, long n1, long x2, long n2) {
        if (x1 == 0 || x2 == 0 || n1 == 0 || n2 == 0) {
            return Optional.empty();
        }
        double logRatio = Math.log(((double) x1 / n1) / ((double) x2 / n2));
        double se = Math.sqrt(1.0 / x1 - 1.0 / n1 + 1.0 / x2 - 1.0 / n2);
        return Optional.of(new Interval(Math.exp(logRatio - Z * se), Math.exp(logRatio + Z * se)));
    }

    /** A two-sided test of p1 = p2; both groups must be non-empty. */
    public static TestResult test(long x1, long n1, long x2, long n2) {
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both groups need predictions, got n1=" + n1 + ", n2=" + n2);
        }
        long n = n1 + n2;
        long selected = x1 + x2;
        double minExpected =
                Math.min(Math.min(n1, n2) * (double) selected / n, Math.min(n1, n2) * (double) (n - selected) / n);
        if (minExpected < 5) {
            return new TestResult(fisher(x1, n1, n2, selected), Test.FISHER_EXACT);
        }
        double pooled = (double) selected / n;
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        double z = ((double) x1 / n1 - (double) x2 / n2) / se;
        double p = 2 * (1 - GaussianDistribution.getInstance().cdf(Math.abs(z)));
        return new TestResult(Math.min(1, p), Test.Z_TEST);
    }

    /**
     * Fisher's exact test, two-sided: the probability, with all margins fixed, of a table at most as likely as the one
     * observed (the usual definition, as in R's {@code fisher.test}).
     */
    private static double fisher(long x1, long n1, long n2, long selected) {
        int total = Math.toIntExact(n1 + n2);
        HyperGeometricDistribution h =
                new HyperGeometricDistribution(total, Math.toIntExact(selected), Math.toIntExact(n1));
        long min = Math.max(0, n1 - (total - selected));
        long max = Math.min(n1, selected);
        double observed = h.p(Math.toIntExact(x1));
        double p = 0;
        for (long k = min; k <= max; k++) {
            double pk = h.p(Math.toIntExact(k));
            if (pk <= observed * (1 + 1e-7)) {
                p += pk;
            }
        }
        return Math.min(1, p);
    }

    private static double sq(double v) {
        return v * v;
    }
}
