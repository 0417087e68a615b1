package dev.aimon.stats.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aimon.stats.Estimate;
import dev.aimon.stats.fairness.GroupCounts.Outcome;
import org.junit.jupiter.api.Test;

class SelectionRatesTest {

    /**
     * Worked by hand: 40 women, 10 selected (rate 0.25); 60 men, 30 selected (rate 0.5). SPD = 0.25 − 0.5 = −0.25;
     * DIR = 0.25 / 0.5 = 0.5, which fails the four-fifths rule.
     */
    @Test
    void handWorkedExample() {
        GroupCounts women = counts(40, 10);
        GroupCounts men = counts(60, 30);

        assertThat(SelectionRates.selectionRate(women).value()).isEqualTo(0.25);
        assertThat(SelectionRates.statisticalParityDifference(women, men).value())
                .isCloseTo(-0.25, within(1e-15));
        assertThat(SelectionRates.disparateImpactRatio(women, men).value()).isCloseTo(0.5, within(1e-15));
    }

    /**
     * The UCI Adult training set (adult.data, 32,561 rows; doi:10.24432/C5XW20), with its true labels as the
     * "decisions": 1,179 of 10,771 women and 6,662 of 21,790 men earn more than 50K, counted independently with {@code
     * awk -F', ' '{print $10, $15}' adult.data | sort | uniq -c}. DIR = (1179/10771) / (6662/21790) = 0.10946 /
     * 0.30574 = 0.35803; SPD = 0.10946 − 0.30574 = −0.19627.
     */
    @Test
    void adultTrainingLabelsBySex() {
        GroupCounts women = counts(10_771, 1_179);
        GroupCounts men = counts(21_790, 6_662);

        assertThat(SelectionRates.disparateImpactRatio(women, men).value()).isCloseTo(0.35803, within(5e-5));
        assertThat(SelectionRates.statisticalParityDifference(women, men).value())
                .isCloseTo(-0.19627, within(5e-5));
    }

    @Test
    void zeroDenominatorsGiveAReasonNotNaN() {
        GroupCounts empty = new GroupCounts();
        GroupCounts noneSelected = counts(50, 0);
        GroupCounts some = counts(50, 5);

        Estimate emptyRate = SelectionRates.selectionRate(empty);
        assertThat(emptyRate.isDefined()).isFalse();
        assertThat(emptyRate.reason()).contains("no predictions");
        assertThat(emptyRate.orNull()).isNull();

        Estimate dir = SelectionRates.disparateImpactRatio(some, noneSelected);
        assertThat(dir.isDefined()).isFalse();
        assertThat(dir.reason()).contains("privileged").contains("0");
        assertThat(SelectionRates.statisticalParityDifference(some, empty).reason())
                .contains("privileged");
        // The other way round is defined: nobody in the unprivileged group is selected.
        assertThat(SelectionRates.disparateImpactRatio(noneSelected, some).value())
                .isZero();
    }

    @Test
    void countsSplitByLabelAndMerge() {
        GroupCounts a = new GroupCounts();
        a.add(true, Outcome.FAVOURABLE);
        a.add(true, Outcome.UNFAVOURABLE);
        a.add(false, Outcome.FAVOURABLE);
        a.add(false, Outcome.UNKNOWN);
        GroupCounts b = new GroupCounts();
        b.add(false, Outcome.UNFAVOURABLE);

        a.merge(b);

        assertThat(a.n()).isEqualTo(5);
        assertThat(a.selected()).isEqualTo(2);
        assertThat(a.labelled()).isEqualTo(4);
        assertThat(a.truePositives()).isEqualTo(1);
        assertThat(a.falsePositives()).isEqualTo(1);
        assertThat(a.falseNegatives()).isEqualTo(1);
        assertThat(a.trueNegatives()).isEqualTo(1);
    }

    private static GroupCounts counts(int n, int selected) {
        GroupCounts c = new GroupCounts();
        for (int i = 0; i < n; i++) {
            c.add(i < selected, Outcome.UNKNOWN);
        }
        return c;
    }
}
