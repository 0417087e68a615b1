package dev.aimon.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericDriftTest {

    /** scipy's documentation example: wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5 (every value moves by 5). */
    @Test
    void wassersteinOfAShift() {
        assertThat(NumericDrift.wasserstein(new double[] {0, 1, 3}, new double[] {5, 6, 8}))
                .isCloseTo(5.0, within(1e-12));
    }

    /** By hand: the CDFs of {0,0,1} and {0,1,1} differ by 1/3 on [0, 1) and agree elsewhere, so the area is 1/3. */
    @Test
    void wassersteinWithTies() {
        assertThat(NumericDrift.wasserstein(new double[] {0, 0, 1}, new double[] {0, 1, 1}))
                .isCloseTo(1 / 3.0, within(1e-12));
        assertThat(NumericDrift.wasserstein(new double[] {2, 2}, new double[] {2}))
                .isZero();
    }

    /**
     * Reference 1..10, window {1, 2, 2, 3, 9.1, 10}. Deciles 1.9, 2.8, …, 9.1 give the reference 1/10 in each bin and
     * the window (1, 2, 1, 0, 0, 0, 0, 0, 1, 1)/6. PSI by hand: the five non-empty bins contribute (a − 0.1)·ln(10a)
     * and the five empty ones (1e-4 − 0.1)·ln(1e-3). KS: the largest gap is after 3, F_w = 4/6 against F_r = 3/10.
     * Wasserstein: scipy.stats.wasserstein_distance(1..10, window) = 1.483333.
     */
    @Test
    void allStatisticsOfASmallCase() {
        NumericSample reference = sample(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        NumericSample window = sample(10, 1, 2, 9.1, 2, 3);

        NumericDrift drift = NumericDrift.of(window, reference);

        assertThat(drift.ks().d()).isCloseTo(4 / 6.0 - 0.3, within(1e-12));
        double psi = 4 * (1 / 6.0 - 0.1) * Math.log(10 / 6.0)
                + (2 / 6.0 - 0.1) * Math.log(20 / 6.0)
                + 5 * (1e-4 - 0.1) * Math.log(1e-3);
        assertThat(drift.psi()).isCloseTo(psi, within(1e-9));
        assertThat(drift.wasserstein()).isCloseTo(1.483333333333, within(1e-9));
        assertThat(drift.jensenShannon()).isBetween(0.0, 1.0);
    }

    @Test
    void sameDistributionHasSmallDistances() {
        Random random = new Random(7);
        NumericSample a = new NumericSample();
        NumericSample b = new NumericSample();
        for (int i = 0; i < 20_000; i++) {
            a.add(random.nextGaussian());
            b.add(random.nextGaussian());
        }
        NumericDrift drift = NumericDrift.of(a, b);
        // Two samples of 20,000 from one distribution: KS D is about 1/√10,000 = 0.01, PSI about 9 bins / 10,000.
        assertThat(drift.ks().d()).isLessThan(0.03);
        assertThat(drift.psi()).isLessThan(0.01);
        assertThat(drift.wasserstein()).isLessThan(0.05);
        assertThat(drift.ks().pValue()).isGreaterThan(0.001);
    }

    @Test
    void aShiftedNormalIsFound() {
        Random random = new Random(11);
        NumericSample a = new NumericSample();
        NumericSample b = new NumericSample();
        for (int i = 0; i < 5_000; i++) {
            a.add(random.nextGaussian() + 0.5);
            b.add(random.nextGaussian());
        }
        NumericDrift drift = NumericDrift.of(a, b);
        // N(0.5, 1) against N(0, 1): W₁ = 0.5 exactly, KS D = Φ(0.25) − Φ(−0.25) = 0.1974.
        assertThat(drift.wasserstein()).isCloseTo(0.5, within(0.05));
        assertThat(drift.ks().d()).isCloseTo(0.1974, within(0.03));
        assertThat(drift.ks().pValue()).isLessThan(1e-20);
    }

    private static NumericSample sample(double... values) {
        NumericSample s = new NumericSample();
        for (double v : values) {
            s.add(v);
        }
        return s;
    }
}
