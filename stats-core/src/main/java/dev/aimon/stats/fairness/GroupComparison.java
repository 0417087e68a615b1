package dev.aimon.stats.fairness;

import dev.aimon.stats.Estimate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleBinaryOperator;

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

    /** Statistical parity difference with Newcombe's interval and the selection-rate test. */
    public MetricEvidence statisticalParity() {
        long x1 = unprivileged.selected();
        long x2 = privileged.selected();
        return new MetricEvidence(
                statisticalParityDifference(),
                TwoProportions.difference(x1, unprivileged.n(), x2, privileged.n()),
                testOf(x1, unprivileged.n(), x2, privileged.n()),
                unprivileged.n(),
                privileged.n());
    }

    /** Disparate impact ratio with the Katz interval and the selection-rate test. */
    public MetricEvidence disparateImpact() {
        return new MetricEvidence(
                disparateImpactRatio(),
                TwoProportions.ratio(unprivileged.selected(), unprivileged.n(), privileged.selected(), privileged.n()),
                testOf(unprivileged.selected(), unprivileged.n(), privileged.selected(), privileged.n()),
                unprivileged.n(),
                privileged.n());
    }

    /** Equal opportunity difference: TPR(unprivileged) − TPR(privileged), over the labelled actual positives. */
    public MetricEvidence equalOpportunity() {
        return difference(
                unprivileged.truePositives(),
                positives(unprivileged),
                privileged.truePositives(),
                positives(privileged),
                "actual positives");
    }

    /** False positive rate difference: FPR(unprivileged) − FPR(privileged), over the labelled actual negatives. */
    public MetricEvidence falsePositiveRate() {
        return difference(
                unprivileged.falsePositives(),
                negatives(unprivileged),
                privileged.falsePositives(),
                negatives(privileged),
                "actual negatives");
    }

    /** Predictive parity difference: PPV(unprivileged) − PPV(privileged), over the labelled favourable predictions. */
    public MetricEvidence predictiveParity() {
        return difference(
                unprivileged.truePositives(),
                unprivileged.truePositives() + unprivileged.falsePositives(),
                privileged.truePositives(),
                privileged.truePositives() + privileged.falsePositives(),
                "labelled favourable predictions");
    }

    /**
     * Average odds difference: the mean of the FPR and TPR differences. Its p-value is the smaller of the two tests'
     * with Bonferroni's factor 2; no interval.
     */
    public MetricEvidence averageOdds() {
        return combine((tpr, fpr) -> (tpr + fpr) / 2);
    }

    /**
     * Equalized odds difference: the larger of the absolute TPR and FPR differences. Its p-value is the smaller of the
     * two tests' with Bonferroni's factor 2; no interval.
     */
    public MetricEvidence equalizedOdds() {
        return combine((tpr, fpr) -> Math.max(Math.abs(tpr), Math.abs(fpr)));
    }

    private MetricEvidence combine(DoubleBinaryOperator how) {
        MetricEvidence tpr = equalOpportunity();
        MetricEvidence fpr = falsePositiveRate();
        Estimate value;
        if (!tpr.value().isDefined()) {
            value = tpr.value();
        } else if (!fpr.value().isDefined()) {
            value = fpr.value();
        } else {
            value = Estimate.of(
                    how.applyAsDouble(tpr.value().value(), fpr.value().value()));
        }
        Optional<Double> p = tpr.pValue().isPresent() && fpr.pValue().isPresent()
                ? Optional.of(Math.min(
                        1, 2 * Math.min(tpr.pValue().get(), fpr.pValue().get())))
                : Optional.empty();
        return new MetricEvidence(value, Optional.empty(), p, unprivileged.labelled(), privileged.labelled());
    }

    private static MetricEvidence difference(long x1, long n1, long x2, long n2, String what) {
        Estimate value;
        if (n1 == 0) {
            value = Estimate.undefined("the group has no " + what);
        } else if (n2 == 0) {
            value = Estimate.undefined("the privileged group has no " + what);
        } else {
            value = Estimate.of((double) x1 / n1 - (double) x2 / n2);
        }
        return new MetricEvidence(value, TwoProportions.difference(x1, n1, x2, n2), testOf(x1, n1, x2, n2), n1, n2);
    }

    private static Optional<Double> testOf(long x1, long n1, long x2, long n2) {
        return n1 == 0 || n2 == 0
                ? Optional.empty()
                : Optional.of(TwoProportions.test(x1, n1, x2, n2).pValue());
    }

    private static long positives(GroupCounts g) {
        return g.truePositives() + g.falseNegatives();
    }

    private static long negatives(GroupCounts g) {
        return g.falsePositives() + g.trueNegatives();
    }
}
