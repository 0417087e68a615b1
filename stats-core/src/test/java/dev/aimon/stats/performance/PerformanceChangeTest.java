package dev.aimon.stats.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PerformanceChangeTest {

    /**
     * Window: TP 40, FP 10, FN 10, TN 40 (accuracy 0.8, precision 0.8, recall 0.8, F1 0.8); reference: TP 45, FP 5,
     * FN 5, TN 45 (all 0.9). Accuracy's pooled z-test by hand: p̂ = 170/200 = 0.85, SE = √(0.85·0.15·(1/100 + 1/100))
     * = 0.050498, z = 0.1/0.050498 = 1.98030, two-sided p = erfc(z/√2) = 0.047670.
     */
    @Test
    void proportionsAgainstTheReference() {
        PerformanceCounts window = counts(40, 10, 10, 40);
        PerformanceCounts reference = counts(45, 5, 5, 45);

        PerformanceChange accuracy = PerformanceChange.accuracy(window, reference);
        assertThat(accuracy.value()).isCloseTo(0.8, within(1e-12));
        assertThat(accuracy.referenceValue()).isCloseTo(0.9, within(1e-12));
        assertThat(accuracy.n()).isEqualTo(100);
        assertThat(accuracy.pValue()).isCloseTo(0.04767038, within(1e-7));

        PerformanceChange precision = PerformanceChange.precision(window, reference);
        assertThat(precision.value()).isCloseTo(40 / 50.0, within(1e-12));
        assertThat(precision.n()).isEqualTo(50);
        PerformanceChange recall = PerformanceChange.recall(window, reference);
        assertThat(recall.value()).isCloseTo(40 / 50.0, within(1e-12));
        assertThat(PerformanceChange.f1(window, reference).value()).isCloseTo(0.8, within(1e-12));
        assertThat(PerformanceChange.f1(window, reference).referenceValue()).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void noPredictedPositivesLeavesPrecisionUndefined() {
        PerformanceChange precision = PerformanceChange.precision(counts(0, 0, 10, 90), counts(45, 5, 5, 45));
        assertThat(precision.defined()).isFalse();
        assertThat(precision.pValue()).isNaN();
    }

    /**
     * The delta-method variance of F1, checked by simulation: 20,000 confusion matrices of 400 draws from (TP, FP, FN,
     * TN) probabilities (0.3, 0.1, 0.15, 0.45); the F1 values' variance must match the formula at the expected counts
     * within 10% (the formula is first-order, the sampling error of the variance about 1%).
     */
    @Test
    void f1VarianceMatchesSimulation() {
        double[] p = {0.3, 0.1, 0.15, 0.45};
        int n = 400;
        Random random = new Random(5);
        int runs = 20_000;
        double sum = 0;
        double sumSq = 0;
        for (int run = 0; run < runs; run++) {
            long[] c = new long[4];
            for (int i = 0; i < n; i++) {
                double u = random.nextDouble();
                int k = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : u < p[0] + p[1] + p[2] ? 2 : 3;
                c[k]++;
            }
            double f1 = PerformanceChange.f1(c[0], c[1], c[2]);
            sum += f1;
            sumSq += f1 * f1;
        }
        double simulated = sumSq / runs - (sum / runs) * (sum / runs);
        double formula = PerformanceChange.f1Variance(120, 40, 60);
        assertThat(formula).isCloseTo(simulated, within(simulated * 0.1));
    }

    /**
     * Positives {0.9, 0.8, 0.4}, negatives {0.7, 0.4, 0.1}: of the 9 pairs the positives win 3 + 3 + 1 and tie one
     * (0.4 with 0.4, counted ½), so AUC = 7.5/9. Hanley–McNeil by hand at A = 5/6, n₁ = n₂ = 3: Q₁ = A/(2 − A) =
     * 0.714286, Q₂ = 2A²/(1 + A) = 0.757576, SE² = [A(1 − A) + 2(Q₁ − A²) + 2(Q₂ − A²)]/9 = 0.0338705.
     */
    @Test
    void aucWithTiesAndItsStandardError() {
        assertThat(PerformanceChange.auc(new double[] {0.4, 0.8, 0.9}, new double[] {0.1, 0.4, 0.7}))
                .isCloseTo(7.5 / 9, within(1e-12));
        assertThat(PerformanceChange.aucVariance(5 / 6.0, 3, 3)).isCloseTo(0.03387045, within(1e-7));
        assertThat(PerformanceChange.auc(new double[] {1}, new double[0])).isNaN();
    }

    @Test
    void aucOfAWindowUsesTheScoresOfEachClass() {
        PerformanceCounts window = new PerformanceCounts(1, 100);
        PerformanceCounts reference = new PerformanceCounts(1, 100);
        // Window: a perfect ranking; reference: a useless one (every score equal).
        for (int i = 0; i < 50; i++) {
            window.add(1, 1, 0.6 + i / 1000.0);
            window.add(0, 0, 0.4 - i / 1000.0);
            reference.add(1, 1, 0.5);
            reference.add(0, 0, 0.5);
        }
        PerformanceChange auc = PerformanceChange.auc(window, reference);
        assertThat(auc.value()).isEqualTo(1.0);
        assertThat(auc.referenceValue()).isEqualTo(0.5);
        assertThat(auc.n()).isEqualTo(100);
        assertThat(auc.pValue()).isLessThan(1e-6);
    }

    private static PerformanceCounts counts(int tp, int fp, int fn, int tn) {
        PerformanceCounts c = new PerformanceCounts(true, 1000);
        add(c, tp, true, true);
        add(c, fp, true, false);
        add(c, fn, false, true);
        add(c, tn, false, false);
        return c;
    }

    private static void add(PerformanceCounts c, int times, boolean predicted, boolean actual) {
        for (int i = 0; i < times; i++) {
            c.add(predicted, actual, null);
        }
    }
}
