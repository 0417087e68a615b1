package dev.aimon.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramsTest {

    /** Type-7 deciles of 1..10 by hand: h = 9·p, so the p-th decile is 1 + 9p (numpy.quantile gives the same). */
    @Test
    void decilesInterpolateLinearly() {
        double[] cuts = Histograms.decileCuts(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(cuts).containsExactly(new double[] {1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1}, within(1e-12));
    }

    @Test
    void tiedDecilesMakeOneCut() {
        // Deciles of {0 ×8, 1, 2}: 0 up to the 7th (h = 6.3 lies between two zeros), then 0.2 (h = 7.2), 1.1 (h = 8.1).
        double[] cuts = Histograms.decileCuts(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 2});
        assertThat(cuts).containsExactly(new double[] {0, 0.2, 1.1}, within(1e-12));
    }

    /** Bins are closed on the right: 9.1 (a cut) falls in the ninth bin, 10 in the tenth. */
    @Test
    void proportionsCountRightClosedBins() {
        double[] cuts = {1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1};
        double[] p = Histograms.proportions(new double[] {1, 2, 2, 3, 9.1, 10}, cuts);
        assertThat(p)
                .containsExactly(
                        new double[] {1 / 6.0, 2 / 6.0, 1 / 6.0, 0, 0, 0, 0, 0, 1 / 6.0, 1 / 6.0}, within(1e-12));
    }

    /** By hand: 0.25·ln 2 − 0.25·ln(2/3) = 0.25 · (0.693147 + 0.405465). */
    @Test
    void psiOfTwoBins() {
        assertThat(Histograms.psi(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}))
                .isCloseTo(0.274653072167, within(1e-9));
    }

    /** An empty bin counts as 1e-4: (1e-4 − 0.5)·ln(1e-4/0.5) + 0.5·ln 2 = 4.257745 + 0.346574. */
    @Test
    void psiFloorsEmptyBins() {
        assertThat(Histograms.psi(new double[] {0, 1}, new double[] {0.5, 0.5}))
                .isCloseTo(4.604318466669, within(1e-9));
    }

    /**
     * Disjoint supports are at the maximum distance 1; {0.5, 0.5} against {0.25, 0.75}: m = {0.375, 0.625}, JSD =
     * ½[0.5·log₂(4/3) + 0.5·log₂(0.8)] + ½[0.25·log₂(2/3) + 0.75·log₂(1.2)] = 0.048795, distance √0.048795 = 0.220896
     * (scipy.spatial.distance.jensenshannon(p, q, base=2) agrees).
     */
    @Test
    void jensenShannonDistanceInBaseTwo() {
        assertThat(Histograms.jensenShannon(new double[] {1, 0}, new double[] {0, 1}))
                .isCloseTo(1.0, within(1e-12));
        assertThat(Histograms.jensenShannon(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}))
                .isCloseTo(0.220895768849, within(1e-9));
        assertThat(Histograms.jensenShannon(new double[] {0.2, 0.8}, new double[] {0.2, 0.8}))
                .isZero();
    }
}
