package dev.aimon.stats.fairness;

import static dev.aimon.stats.TestPlans.event;
import static dev.aimon.stats.TestPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aimon.events.PredictionEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupComparisonTest {

    /**
     * Worked by hand. Race has two privileged values, White and Asian, pooled: White 3 of 4 selected, Asian 1 of 2, so
     * the privileged rate is 4/6. Black: 1 of 3 selected, rate 1/3: DIR = (1/3)/(4/6) = 0.5, SPD = 1/3 − 2/3 = −1/3.
     * Predictions given as 1, 1.0 and "1" all count as the favourable outcome 1.
     */
    @Test
    void comparesEachUnprivilegedValueWithThePooledPrivilegedValues() {
        AttributeCounts counts = new AttributeCounts(plan("m", 1, 100).plan());
        List<PredictionEvent> events = List.of(
                event("m", 1, "Male", "White", 1),
                event("m", 2, "Male", "White", 1.0),
                event("m", 3, "Female", "White", "1"),
                event("m", 4, "Female", "White", 0),
                event("m", 5, "Male", "Asian", 1),
                event("m", 6, "Female", "Asian", 0),
                event("m", 7, "Female", "Black", 1),
                event("m", 8, "Female", "Black", 0),
                event("m", 9, "Male", "Black", 0));
        events.forEach(e -> counts.add(e.attributes(), e.prediction(), e.label()));

        List<GroupComparison> race = GroupComparison.of("race", counts.groups("race"), Set.of("White", "Asian"));

        assertThat(race).hasSize(1);
        GroupComparison black = race.get(0);
        assertThat(black.group()).isEqualTo("Black");
        assertThat(black.unprivileged().n()).isEqualTo(3);
        assertThat(black.privileged().n()).isEqualTo(6);
        assertThat(black.disparateImpactRatio().value()).isCloseTo(0.5, within(1e-12));
        assertThat(black.statisticalParityDifference().value()).isCloseTo(-1.0 / 3, within(1e-12));

        // Sex: Female 2 of 5 selected against Male 3 of 4: DIR = (2/5)/(3/4) = 8/15.
        GroupComparison female =
                GroupComparison.of("sex", counts.groups("sex"), Set.of("Male")).get(0);
        assertThat(female.unprivileged().n()).isEqualTo(5);
        assertThat(female.unprivileged().selected()).isEqualTo(2);
        assertThat(female.privileged().selected()).isEqualTo(3);
        assertThat(female.disparateImpactRatio().value()).isCloseTo(8.0 / 15, within(1e-12));
    }

    /**
     * Worked by hand from labelled counts. Women: TP 20, FN 20, FP 5, TN 55 (TPR 0.5, FPR 5/60, PPV 0.8). Men: TP 40, FN
     * 10, FP 10, TN 40 (TPR 0.8, FPR 0.2, PPV 0.8). EOD = −0.3; FPRD = 1/12 − 0.2 = −0.116667; AOD = (−0.3 − 0.116667)
     * / 2 = −0.208333; EqOdds = max(0.3, 0.116667) = 0.3; PPD = 0.
     */
    @Test
    void errorRateMetricsFromLabelledCounts() {
        GroupCounts women = labelled(20, 20, 5, 55);
        GroupCounts men = labelled(40, 10, 10, 40);
        GroupComparison c = new GroupComparison("sex", "Female", "Male", women, men);

        assertThat(c.equalOpportunity().value().value()).isCloseTo(-0.3, within(1e-12));
        assertThat(c.equalOpportunity().n()).isEqualTo(40);
        assertThat(c.equalOpportunity().referenceN()).isEqualTo(50);
        assertThat(c.falsePositiveRate().value().value()).isCloseTo(-0.116667, within(1e-6));
        assertThat(c.averageOdds().value().value()).isCloseTo(-0.208333, within(1e-6));
        assertThat(c.equalizedOdds().value().value()).isCloseTo(0.3, within(1e-12));
        assertThat(c.predictiveParity().value().value()).isCloseTo(0.0, within(1e-12));
        // The combined metrics take the smaller of the two tests with Bonferroni's factor 2.
        double smaller = Math.min(
                c.equalOpportunity().pValue().orElseThrow(),
                c.falsePositiveRate().pValue().orElseThrow());
        assertThat(c.equalizedOdds().pValue()).contains(Math.min(1, 2 * smaller));
        assertThat(c.averageOdds().ci()).isEmpty();
    }

    @Test
    void aGroupWithoutActualPositivesHasNoEqualOpportunity() {
        GroupComparison c =
                new GroupComparison("sex", "Female", "Male", labelled(0, 0, 5, 55), labelled(40, 10, 10, 40));
        assertThat(c.equalOpportunity().value().isDefined()).isFalse();
        assertThat(c.equalOpportunity().value().reason()).isEqualTo("the group has no actual positives");
        assertThat(c.equalOpportunity().pValue()).isEmpty();
        assertThat(c.equalizedOdds().value().isDefined()).isFalse();
    }

    private static GroupCounts labelled(int tp, int fn, int fp, int tn) {
        GroupCounts g = new GroupCounts();
        for (int i = 0; i < tp; i++) g.add(true, GroupCounts.Outcome.FAVOURABLE);
        for (int i = 0; i < fn; i++) g.add(false, GroupCounts.Outcome.FAVOURABLE);
        for (int i = 0; i < fp; i++) g.add(true, GroupCounts.Outcome.UNFAVOURABLE);
        for (int i = 0; i < tn; i++) g.add(false, GroupCounts.Outcome.UNFAVOURABLE);
        return g;
    }
}
