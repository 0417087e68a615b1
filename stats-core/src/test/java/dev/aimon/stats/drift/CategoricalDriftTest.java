package dev.aimon.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import smile.stat.hypothesis.ChiSqTest;

class CategoricalDriftTest {

    /**
     * Window {a:20, b:40, c:10} against reference {a:60, b:30, c:14}: Pearson's statistic of the 2 × 3 table without
     * correction, as scipy.stats.chi2_contingency(table, correction=False) gives it: 16.064953, df 2, p = 3.2474e-4.
     */
    @Test
    void chiSquareOfAThreeColumnTable() {
        CategoricalDrift drift =
                CategoricalDrift.of(counts("a", 20, "b", 40, "c", 10), counts("a", 60, "b", 30, "c", 14));

        assertThat(drift.chiSquare()).isCloseTo(16.06495290, within(1e-6));
        assertThat(drift.degreesOfFreedom()).isEqualTo(2);
        assertThat(drift.pValue()).isCloseTo(3.247430018e-4, within(1e-10));
        // Smile's contingency test agrees on tables wider than 2 (it applies Yates' correction only to 2 × 2).
        ChiSqTest smile = ChiSqTest.test(new int[][] {{20, 40, 10}, {60, 30, 14}});
        assertThat(drift.chiSquare()).isCloseTo(smile.chisq(), within(1e-9));
        assertThat(drift.pValue()).isCloseTo(smile.pvalue(), within(1e-9));
    }

    /** Two categories: no continuity correction. scipy (correction=False): 16.071429, p = 6.0997e-5. */
    @Test
    void twoCategoriesHaveNoContinuityCorrection() {
        CategoricalDrift drift = CategoricalDrift.of(counts("yes", 20, "no", 40), counts("yes", 60, "no", 30));
        assertThat(drift.chiSquare()).isCloseTo(16.07142857, within(1e-6));
        assertThat(drift.degreesOfFreedom()).isEqualTo(1);
        assertThat(drift.pValue()).isCloseTo(6.099742890e-5, within(1e-11));
    }

    /**
     * A category the reference never saw is counted: window {a:30, b:40, new:20} against {a:60, b:40}. scipy on
     * [[30,40,20],[60,40,0]]: 29.555556, p = 3.8203e-7. PSI floors the reference's empty proportion at 1e-4 (numpy:
     * 1.873158); Jensen–Shannon needs no floor (scipy: 0.373927); 20 of 90 window values are unseen.
     */
    @Test
    void unseenCategoriesAreCounted() {
        CategoricalDrift drift = CategoricalDrift.of(counts("a", 30, "b", 40, "new", 20), counts("a", 60, "b", 40));

        assertThat(drift.chiSquare()).isCloseTo(29.55555556, within(1e-6));
        assertThat(drift.pValue()).isCloseTo(3.8202576698e-7, within(1e-12));
        assertThat(drift.psi()).isCloseTo(1.8731580573, within(1e-9));
        assertThat(drift.jensenShannon()).isCloseTo(0.3739274462, within(1e-9));
        assertThat(drift.unseenRate()).isCloseTo(20 / 90.0, within(1e-12));
    }

    /**
     * Sparse categories are pooled (Cochran's rule): c and d each expect 3 per row, so they become one column of (6,
     * 6). By hand the pooled table [[40,60,6],[60,40,6]] expects (50, 50, 6) in each row: χ² = 4 · 10²/50 = 8, df 2,
     * p = e^(−8/2) = 0.0183156.
     */
    @Test
    void sparseCategoriesArePooled() {
        CategoricalDrift drift =
                CategoricalDrift.of(counts("a", 40, "b", 60, "c", 3, "d", 3), counts("a", 60, "b", 40, "c", 3, "d", 3));

        assertThat(drift.pooled()).isEqualTo(2);
        assertThat(drift.chiSquare()).isCloseTo(8.0, within(1e-9));
        assertThat(drift.degreesOfFreedom()).isEqualTo(2);
        assertThat(drift.pValue()).isCloseTo(Math.exp(-4), within(1e-9));
    }

    @Test
    void identicalProportionsHaveAPValueOfOne() {
        CategoricalDrift drift = CategoricalDrift.of(counts("a", 50, "b", 50), counts("a", 100, "b", 100));
        assertThat(drift.chiSquare()).isZero();
        assertThat(drift.pValue()).isEqualTo(1.0);
    }

    @Test
    void oneCategoryLeavesNothingToTest() {
        CategoricalDrift drift = CategoricalDrift.of(counts("a", 40), counts("a", 60));
        assertThat(drift.pValue()).isNaN();
        assertThat(drift.psi()).isZero();
    }

    @Test
    void categoriesPastTheLimitAreCountedTogether() {
        CategoryCounts counts = new CategoryCounts(2);
        for (String c : new String[] {"a", "b", "c", "d", "a"}) {
            counts.add(c);
        }
        assertThat(counts.counts())
                .containsEntry("a", 2L)
                .containsEntry("b", 1L)
                .containsEntry(CategoryCounts.OTHER, 2L);
        assertThat(counts.total()).isEqualTo(5);
    }

    private static CategoryCounts counts(Object... pairs) {
        CategoryCounts counts = new CategoryCounts();
        for (int i = 0; i < pairs.length; i += 2) {
            for (int k = 0; k < (Integer) pairs[i + 1]; k++) {
                counts.add((String) pairs[i]);
            }
        }
        return counts;
    }
}
