package dev.aimon.stats.drift;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import smile.math.special.Gamma;

/**
 * Every drift statistic of one categorical feature, a window against the reference, over the union of their
 * categories: a category the reference never saw is counted (a reference proportion of 0), not dropped.
 *
 * @param chiSquare Pearson's chi-square statistic of the 2 × k table (window and reference by category), without
 *     continuity correction
 * @param degreesOfFreedom k − 1 for the k columns tested
 * @param pValue the chi-square tail probability, the feature's significance test; NaN when fewer than two columns
 *     remain after pooling
 * @param pooled how many sparse categories were pooled into one column before the test
 * @param psi population stability index over the categories
 * @param jensenShannon Jensen–Shannon distance (base 2) over the categories
 * @param unseenRate the fraction of the window's values in categories the reference never saw
 */
public record CategoricalDrift(
        double chiSquare,
        int degreesOfFreedom,
        double pValue,
        int pooled,
        double psi,
        double jensenShannon,
        double unseenRate) {

    /** Cochran's rule: a column whose expected count in either row is below this is pooled before the test. */
    public static final double MIN_EXPECTED = 5;

    public static CategoricalDrift of(CategoryCounts window, CategoryCounts reference) {
        if (window.total() == 0 || reference.total() == 0) {
            throw new IllegalArgumentException("categorical drift needs two non-empty samples, got " + window.total()
                    + " and " + reference.total());
        }
        Set<String> categories = new LinkedHashSet<>(reference.counts().keySet());
        categories.addAll(window.counts().keySet());
        int k = categories.size();
        long[] w = new long[k];
        long[] r = new long[k];
        double[] wp = new double[k];
        double[] rp = new double[k];
        long unseen = 0;
        int c = 0;
        for (String category : categories) {
            w[c] = window.count(category);
            r[c] = reference.count(category);
            wp[c] = w[c] / (double) window.total();
            rp[c] = r[c] / (double) reference.total();
            if (r[c] == 0) {
                unseen += w[c];
            }
            c++;
        }
        Test test = chiSquare(w, r);
        return new CategoricalDrift(
                test.statistic,
                test.degreesOfFreedom,
                test.pValue,
                test.pooled,
                Histograms.psi(wp, rp),
                Histograms.jensenShannon(wp, rp),
                unseen / (double) window.total());
    }

    private record Test(double statistic, int degreesOfFreedom, double pValue, int pooled) {}

    /**
     * The chi-square test of homogeneity of two rows of counts. Columns whose expected count in either row is below
     * {@value #MIN_EXPECTED} are pooled into one column first (which joins the smallest other column if it is still
     * below the minimum); with fewer than two columns left there is no test.
     */
    static Test chiSquare(long[] window, long[] reference) {
        double nw = 0;
        double nr = 0;
        for (int i = 0; i < window.length; i++) {
            nw += window[i];
            nr += reference[i];
        }
        double n = nw + nr;
        List<long[]> columns = new ArrayList<>();
        long[] sparse = new long[2];
        int pooled = 0;
        for (int i = 0; i < window.length; i++) {
            double column = window[i] + reference[i];
            if (column * Math.min(nw, nr) / n < MIN_EXPECTED) {
                sparse[0] += window[i];
                sparse[1] += reference[i];
                pooled++;
            } else {
                columns.add(new long[] {window[i], reference[i]});
            }
        }
        if (pooled > 0) {
            if ((sparse[0] + sparse[1]) * Math.min(nw, nr) / n >= MIN_EXPECTED || columns.isEmpty()) {
                columns.add(sparse);
            } else {
                // Still too sparse on its own: it joins the smallest column, so no value leaves the test.
                long[] smallest = columns.stream()
                        .min((x, y) -> Long.compare(x[0] + x[1], y[0] + y[1]))
                        .orElseThrow();
                smallest[0] += sparse[0];
                smallest[1] += sparse[1];
            }
        }
        if (columns.size() < 2) {
            return new Test(Double.NaN, 0, Double.NaN, pooled);
        }
        double statistic = 0;
        for (long[] col : columns) {
            double total = col[0] + col[1];
            double ew = total * nw / n;
            double er = total * nr / n;
            statistic += (col[0] - ew) * (col[0] - ew) / ew + (col[1] - er) * (col[1] - er) / er;
        }
        int df = columns.size() - 1;
        // The chi-square tail Q(df/2, x/2), computed directly so that small p-values keep their precision.
        // (Smile's Q(s, 0) gives 0, not 1: a table without any difference is handled here.)
        double p = statistic <= 0 ? 1.0 : Gamma.regularizedUpperIncompleteGamma(df / 2.0, statistic / 2);
        return new Test(statistic, df, p, pooled);
    }
}
