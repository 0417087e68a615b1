package dev.aimon.stats.drift;

/**
 * Every drift statistic of one numeric feature, a window against the reference.
 *
 * @param ks the two-sample KS test, the feature's significance test
 * @param psi population stability index over ten bins cut at the reference's deciles
 * @param jensenShannon Jensen–Shannon distance (base 2) over the same bins
 * @param wasserstein the 1-D earth mover's distance between the two empirical distributions, in the feature's units
 */
public record NumericDrift(KsResult ks, double psi, double jensenShannon, double wasserstein) {

    /** Compares the kept values of a window with those of the reference; neither may be empty. */
    public static NumericDrift of(NumericSample window, NumericSample reference) {
        double[] w = window.sorted();
        double[] r = reference.sorted();
        KsResult ks = KsResult.of(w, r);
        double[] cuts = Histograms.decileCuts(r);
        double[] wp = Histograms.proportions(w, cuts);
        double[] rp = Histograms.proportions(r, cuts);
        return new NumericDrift(ks, Histograms.psi(wp, rp), Histograms.jensenShannon(wp, rp), wasserstein(w, r));
    }

    /**
     * The 1-D Wasserstein distance of two samples, ∫ |F_a(x) − F_b(x)| dx over their empirical distribution functions
     * (scipy's {@code wasserstein_distance} without weights); both arrays sorted ascending.
     */
    public static double wasserstein(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("Wasserstein distance of an empty sample");
        }
        int i = 0;
        int j = 0;
        double distance = 0;
        double previous = Math.min(a[0], b[0]);
        while (i < a.length || j < b.length) {
            double next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            // Between the previous point and this one both CDFs are flat.
            distance += Math.abs(i / (double) a.length - j / (double) b.length) * (next - previous);
            while (i < a.length && a[i] == next) {
                i++;
            }
            while (j < b.length && b[j] == next) {
                j++;
            }
            previous = next;
        }
        return distance;
    }
}
