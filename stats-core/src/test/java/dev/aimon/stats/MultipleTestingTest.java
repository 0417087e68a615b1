package dev.aimon.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipleTestingTest {

    /**
     * Benjamini and Hochberg (1995), J. R. Statist. Soc. B 57:289–300, §4: fifteen p-values from a clinical trial; at
     * q = 0.05 the procedure rejects the four smallest (Bonferroni only three).
     */
    @Test
    void rejectsTheFourHypothesesOfThePublishedExample() {
        double[] p = {
            0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528,
            0.7590, 1.000
        };

        double[] adjusted = MultipleTesting.benjaminiHochberg(p);

        assertThat(Arrays.stream(adjusted).filter(q -> q < 0.05).count()).isEqualTo(4);
        // By hand: the fourth smallest, 0.0095 · 15 / 4 = 0.035625; the fifth, min over j ≥ 5 of p_(j) · 15 / j:
        // 0.0201 · 3 = 0.0603, 0.0278 · 2.5 = 0.0695, …, 0.0459 · 15 / 9 = 0.0765: 0.0603.
        assertThat(adjusted[3]).isCloseTo(0.035625, within(1e-12));
        assertThat(adjusted[4]).isCloseTo(0.0603, within(1e-12));
        assertThat(adjusted[14]).isEqualTo(1.0);
    }

    @Test
    void keepsTheOrderGivenAndMakesTheAdjustmentMonotone() {
        double[] adjusted = MultipleTesting.benjaminiHochberg(new double[] {0.04, 0.01, 0.03});
        // Sorted 0.01, 0.03, 0.04 → 0.03, 0.045, 0.04 → monotone from the top: 0.03, 0.04, 0.04.
        assertThat(adjusted).containsExactly(new double[] {0.04, 0.03, 0.04}, within(1e-12));
        assertThat(MultipleTesting.benjaminiHochberg(new double[0])).isEmpty();
        Map<String, Double> byKey = new LinkedHashMap<>();
        byKey.put("a", 0.04);
        byKey.put("b", 0.01);
        byKey.put("c", 0.03);
        assertThat(MultipleTesting.benjaminiHochberg(byKey))
                .containsExactly(entry("a", 0.04), entry("b", 0.03), entry("c", 0.04));
    }
}
