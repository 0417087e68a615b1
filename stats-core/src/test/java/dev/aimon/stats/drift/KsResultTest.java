package dev.aimon.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KsResultTest {

    /**
     * Worked by hand. x = {1,2,3,4,5}, y = {3,4,5,6,7,8,9,10}. After 2 the empirical CDFs are F_x = 2/5, F_y = 0; after
     * 5: F_x = 1, F_y = 3/8, so D = 1 − 3/8 = 0.625 (the largest gap). The p-value is the Kolmogorov tail Q(λ) = 2
     * Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²) at λ = (√e + 0.12 + 0.11/√e)·D, e = n·m/(n+m) (Stephens' correction, as in
     * Numerical Recipes §14.3), summed here independently of Smile.
     */
    @Test
    void handWorkedDistanceAndAsymptoticPValue() {
        double[] x = {5, 1, 4, 2, 3};
        double[] y = {10, 3, 9, 4, 8, 5, 7, 6};

        KsResult ks = KsResult.of(x, y);

        assertThat(ks.d()).isCloseTo(0.625, within(1e-12));
        double e = Math.sqrt(5.0 * 8 / 13);
        assertThat(ks.pValue()).isCloseTo(kolmogorovTail((e + 0.12 + 0.11 / e) * 0.625), within(1e-6));
        assertThat(ks.n()).isEqualTo(5);
        assertThat(ks.referenceN()).isEqualTo(8);
        // Smile sorts in place; the caller's arrays must be left as they were.
        assertThat(x).containsExactly(5, 1, 4, 2, 3);
    }

    @Test
    void identicalSamplesHaveNoDistance() {
        double[] x = {1, 2, 2, 3, 5, 8};
        KsResult ks = KsResult.of(x, x.clone());
        assertThat(ks.d()).isZero();
        assertThat(ks.pValue()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void disjointLargeSamplesAreSignificant() {
        double[] x = new double[200];
        double[] y = new double[300];
        for (int i = 0; i < x.length; i++) x[i] = i;
        for (int i = 0; i < y.length; i++) y[i] = 1000 + i;
        KsResult ks = KsResult.of(x, y);
        assertThat(ks.d()).isEqualTo(1.0);
        assertThat(ks.pValue()).isLessThan(1e-20);
    }

    @Test
    void emptySampleIsRefused() {
        assertThatThrownBy(() -> KsResult.of(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-empty");
    }

    private static double kolmogorovTail(double lambda) {
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            sum += (k % 2 == 1 ? 1 : -1) * Math.exp(-2.0 * k * k * lambda * lambda);
        }
        return Math.min(1, Math.max(0, 2 * sum));
    }
}
