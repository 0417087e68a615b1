package dev.aimon.stats.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aimon.events.MonitoringPlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DimensionTest {

    static final MonitoringPlan PLAN = new MonitoringPlan(
            "m",
            List.of(),
            List.of(
                    new MonitoringPlan.ProtectedAttribute("sex", List.of("Male")),
                    new MonitoringPlan.ProtectedAttribute("race", List.of("White", "Asian"))),
            List.of(List.of("sex", "race")),
            1,
            new MonitoringPlan.Window(100, null, null),
            1,
            null,
            null,
            null);

    @Test
    void intersectionsComeAfterTheAttributesWithEveryPrivilegedCombination() {
        List<Dimension> dimensions = Dimension.of(PLAN);

        assertThat(dimensions).extracting(Dimension::name).containsExactly("sex", "race", "sex&race");
        assertThat(dimensions.get(2).privileged()).isEqualTo(Set.of("Male&White", "Male&Asian"));
        assertThat(dimensions.get(2).groupOf(Map.of("sex", "Female", "race", "Black")))
                .isEqualTo("Female&Black");
        assertThat(dimensions.get(2).groupOf(Map.of("sex", "Female"))).isNull();
    }

    /**
     * Worked by hand. Black women: 1 of 4 selected; privileged subgroups Male&White 3 of 4 and Male&Asian 1 of 2,
     * pooled 4 of 6. DIR = (1/4) / (4/6) = 0.375. White women and Black men are unprivileged subgroups of their own.
     */
    @Test
    void subgroupsAreComparedWithThePooledPrivilegedCombinations() {
        AttributeCounts counts = new AttributeCounts(PLAN);
        add(counts, "Female", "Black", 4, 1);
        add(counts, "Male", "White", 4, 3);
        add(counts, "Male", "Asian", 2, 1);
        add(counts, "Female", "White", 3, 2);
        add(counts, "Male", "Black", 2, 0);
        Dimension intersection = counts.dimensions().get(2);

        List<GroupComparison> comparisons =
                GroupComparison.of(intersection.name(), counts.groups(intersection.name()), intersection.privileged());

        assertThat(comparisons)
                .extracting(GroupComparison::group)
                .containsExactly("Female&Black", "Female&White", "Male&Black");
        GroupComparison blackWomen = comparisons.get(0);
        assertThat(blackWomen.attribute()).isEqualTo("sex&race");
        assertThat(blackWomen.privileged().n()).isEqualTo(6);
        assertThat(blackWomen.disparateImpactRatio().value()).isCloseTo(0.375, within(1e-12));
    }

    private static void add(AttributeCounts counts, String sex, String race, int n, int selected) {
        for (int i = 0; i < n; i++) {
            counts.add(Map.of("sex", sex, "race", race), i < selected ? 1 : 0, null);
        }
    }
}
