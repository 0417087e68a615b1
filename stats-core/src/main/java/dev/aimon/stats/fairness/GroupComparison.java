package dev.aimon.stats.fairness;

import dev.aimon.stats.Estimate;
import dev.aimon.stats.Interval;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One unprivileged group compared with the privileged group of its attribute (the union of the plan's privileged
 * values).
 *
 * @param attribute the protected attribute
 * @param group the unprivileged value
 * @param privilegedLabel the privileged values, joined by {@code |}
 * @param unprivileged the group's counts
 * @param privileged the privileged group's counts
 */
public record GroupComparison(
        String attribute, String group, String privilegedLabel, GroupCounts unprivileged, GroupCounts privileged) {

    /** Every unprivileged value of {@code attribute} against the union of the {@code privilegedValues}. */
    public static List<GroupComparison> of(
            String attribute, Map<String, GroupCounts> groups, Collection<String> privilegedValues) {
        GroupCounts privileged = new GroupCounts();
        groups.forEach((value, counts) -> {
            if (privilegedValues.contains(value)) {
                privileged.merge(counts);
            }
        });
        String label = String.join("|", privilegedValues);
        List<GroupComparison> comparisons = new ArrayList<>();
        groups.forEach((value, counts) -> {
            if (!privilegedValues.contains(value)) {
                comparisons.add(new GroupComparison(attribute, value, label, counts, privileged));
            }
        });
        return comparisons;
    }

    public Estimate statisticalParityDifference() {
        return SelectionRates.statisticalParityDifference(unprivileged, privileged);
    }

    public Estimate disparateImpactRatio() {
        return SelectionRates.disparateImpactRatio(unprivileged, privileged);
    }

    /** A 95% interval of the statistical parity difference (Newcombe's hybrid score). */
    public Optional<Interval> parityDifferenceInterval() {
        return TwoProportions.difference(
                unprivileged.selected(), unprivileged.n(), privileged.selected(), privileged.n());
    }

    /** A 95% interval of the disparate impact ratio (Katz log). */
    public Optional<Interval> disparateImpactInterval() {
        return TwoProportions.ratio(unprivileged.selected(), unprivileged.n(), privileged.selected(), privileged.n());
    }

    /** The two-sided test that both groups have the same selection rate; both groups must be non-empty. */
    public TwoProportions.TestResult selectionRateTest() {
        return TwoProportions.test(unprivileged.selected(), unprivileged.n(), privileged.selected(), privileged.n());
    }
}
