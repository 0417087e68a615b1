package dev.aimon.stats.fairness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.stats.TestPlans;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeCountsTest {

    private static final Map<String, String> WOMAN = Map.of("sex", "Female", "race", "White");

    @Test
    void aLateLabelMovesThePredictionIntoItsConfusionCellWithoutCountingItTwice() {
        AttributeCounts counts = new AttributeCounts(TestPlans.plan("m", 1, 10).plan());
        counts.add(WOMAN, 1, null); // will be a true positive
        counts.add(WOMAN, 1, null); // will be a false positive
        counts.add(WOMAN, 0, null); // will be a false negative
        counts.add(WOMAN, 0, 0); // a true negative, labelled at once

        counts.label(WOMAN, 1, 1);
        counts.label(WOMAN, 1, 0);
        counts.label(WOMAN, 0, 1);
        counts.label(WOMAN, 0, null); // no label: nothing changes

        GroupCounts women = counts.groups("sex").get("Female");
        assertThat(women.n()).isEqualTo(4);
        assertThat(women.selected()).isEqualTo(2);
        assertThat(women.labelled()).isEqualTo(4);
        assertThat(women.truePositives()).isEqualTo(1);
        assertThat(women.falsePositives()).isEqualTo(1);
        assertThat(women.falseNegatives()).isEqualTo(1);
        assertThat(women.trueNegatives()).isEqualTo(1);
        assertThat(counts.labelled()).isEqualTo(4);
        assertThat(counts.groups("race").get("White").truePositives()).isEqualTo(1);
    }
}
