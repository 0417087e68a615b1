package dev.aimon.stats.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aimon.stats.Interval;
import org.junit.jupiter.api.Test;

class TwoProportionsTest {

    /**
     * Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
     * Statistics in Medicine 17:857–872, Table II, method 3 (Wilson score, no continuity correction).
     */
    @Test
    void wilsonMatchesNewcombesPublishedIntervals() {
        assertInterval(TwoProportions.wilson(81, 263).orElseThrow(), 0.2553, 0.3662);
        assertInterval(TwoProportions.wilson(15, 148).orElseThrow(), 0.0624, 0.1605);
        assertInterval(TwoProportions.wilson(0, 20).orElseThrow(), 0.0, 0.1611);
        assertInterval(TwoProportions.wilson(1, 29).orElseThrow(), 0.0061, 0.1718);
        assertThat(TwoProportions.wilson(0, 0)).isEmpty();
    }

    /**
     * Newcombe (1998), "Interval estimation for the difference between independent proportions: comparison of eleven
     * methods", Statistics in Medicine 17:873–890, Table II, method 10 (hybrid score, no continuity correction).
     */
    @Test
    void differenceMatchesNewcombesPublishedIntervals() {
        assertInterval(TwoProportions.difference(56, 70, 48, 80).orElseThrow(), 0.0524, 0.3339);
        assertInterval(TwoProportions.difference(9, 10, 3, 10).orElseThrow(), 0.1705, 0.8090);
    }

    /**
     * Worked by hand: 10/40 against 30/60, ratio 0.5; se of the log ratio = √(1/10 − 1/40 + 1/30 − 1/60) = √0.091667 =
     * 0.302765; exp(ln 0.5 ∓ 1.959964 · 0.302765) = 0.2762 and 0.9051.
     */
    @Test
    void ratioIsTheKatzLogInterval() {
        assertInterval(TwoProportions.ratio(10, 40, 30, 60).orElseThrow(), 0.2762, 0.9051);
        assertThat(TwoProportions.ratio(0, 40, 30, 60)).isEmpty();
    }

    /**
     * Fisher's lady tasting tea (Fisher 1935, The Design of Experiments, §2): 3 of 4 right in each row of the 2×2
     * table; the two-sided exact p-value is 34/70 = 0.4857.
     */
    @Test
    void smallTablesUseFishersExactTest() {
        TwoProportions.TestResult tea = TwoProportions.test(3, 4, 1, 4);
        assertThat(tea.test()).isEqualTo(TwoProportions.Test.FISHER_EXACT);
        assertThat(tea.pValue()).isCloseTo(34.0 / 70, within(1e-9));
        // Nobody selected in either group: only one table is possible.
        assertThat(TwoProportions.test(0, 30, 0, 30).pValue()).isCloseTo(1.0, within(1e-12));
    }

    /**
     * Worked by hand: 10/40 against 30/60. Pooled rate 40/100 = 0.4; se = √(0.4 · 0.6 · (1/40 + 1/60)) = 0.1; z =
     * (0.25 − 0.5) / 0.1 = −2.5; two-sided p = 2 (1 − Φ(2.5)) = 0.012419 (standard normal table: Φ(2.5) = 0.99379).
     */
    @Test
    void largerTablesUseTheTwoProportionZTest() {
        TwoProportions.TestResult r = TwoProportions.test(10, 40, 30, 60);
        assertThat(r.test()).isEqualTo(TwoProportions.Test.Z_TEST);
        assertThat(r.pValue()).isCloseTo(0.012419, within(5e-6));
    }

    private static void assertInterval(Interval interval, double low, double high) {
        assertThat(interval.low()).as("low").isCloseTo(low, within(5e-5));
        assertThat(interval.high()).as("high").isCloseTo(high, within(5e-5));
    }
}
