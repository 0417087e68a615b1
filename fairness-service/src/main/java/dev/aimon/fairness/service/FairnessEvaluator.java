package dev.aimon.fairness.service;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.BreachKind;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.Bounds;
import dev.aimon.stats.Estimate;
import dev.aimon.stats.Interval;
import dev.aimon.stats.MultipleTesting;
import dev.aimon.stats.fairness.AttributeCounts;
import dev.aimon.stats.fairness.Dimension;
import dev.aimon.stats.fairness.GroupComparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the fairness verdicts of one closed window and writes its report and breaches. The numbers come from
 * stats-core; this class applies the plan. A result is a {@code BREACH} only when its value is outside the plan's
 * bounds (or the documented defaults), both groups reach the plan's minimum size, and the test that the two selection
 * rates are equal, adjusted by Benjamini–Hochberg across the window's comparisons, is below the plan's alpha.
 */
public final class FairnessEvaluator {

    public static final String SERVICE = "fairness";

    /** Bounds used when the plan gives none for a metric: the four-fifths rule, and its additive counterpart. */
    static final Map<Metric, Threshold> DEFAULT_BOUNDS = Map.of(
            Metric.DISPARATE_IMPACT_RATIO, Threshold.between(0.8, 1.25),
            Metric.STATISTICAL_PARITY_DIFFERENCE, Threshold.between(-0.1, 0.1));

    /** The significance level when the plan gives none. */
    static final double DEFAULT_ALPHA = 0.05;

    private final int defaultMinGroupSize;

    public FairnessEvaluator(int defaultMinGroupSize) {
        this.defaultMinGroupSize = defaultMinGroupSize;
    }

    public WindowEvaluation evaluate(
            MonitoringPlanEvent planEvent,
            String modelVersion,
            WindowSummary window,
            AttributeCounts counts,
            Instant now) {
        MonitoringPlan plan = planEvent.plan();
        int minGroupSize = plan.minGroupSize() == null ? defaultMinGroupSize : plan.minGroupSize();
        double alpha = plan.fairness() != null && plan.fairness().alpha() != null
                ? plan.fairness().alpha()
                : DEFAULT_ALPHA;
        List<GroupComparison> comparisons = new ArrayList<>();
        for (Dimension d : counts.dimensions()) {
            comparisons.addAll(GroupComparison.of(d.name(), counts.groups(d.name()), d.privileged()));
        }
        Map<GroupComparison, Double> adjusted = adjustedPValues(comparisons, minGroupSize);
        List<MetricResult> results = new ArrayList<>();
        for (GroupComparison c : comparisons) {
            Evidence evidence = new Evidence(c, adjusted.get(c), alpha, minGroupSize);
            results.add(evidence.result(
                    Metric.STATISTICAL_PARITY_DIFFERENCE,
                    c.statisticalParityDifference(),
                    c.parityDifferenceInterval(),
                    bounds(plan, Metric.STATISTICAL_PARITY_DIFFERENCE)));
            results.add(evidence.result(
                    Metric.DISPARATE_IMPACT_RATIO,
                    c.disparateImpactRatio(),
                    c.disparateImpactInterval(),
                    bounds(plan, Metric.DISPARATE_IMPACT_RATIO)));
        }
        WindowSummary summary =
                new WindowSummary(window.start(), window.end(), window.events(), counts.labelled(), window.sequence());
        return WindowEvaluation.of(SERVICE, BreachKind.FAIRNESS, planEvent, modelVersion, summary, results, now, null);
    }

    /**
     * One test per comparison whose groups both reach the minimum size (a selection-rate difference, which SPD and DIR
     * share), adjusted by Benjamini–Hochberg across the window's comparisons.
     */
    private static Map<GroupComparison, Double> adjustedPValues(List<GroupComparison> comparisons, int minGroupSize) {
        List<GroupComparison> tested = comparisons.stream()
                .filter(c ->
                        c.unprivileged().n() >= minGroupSize && c.privileged().n() >= minGroupSize)
                .toList();
        double[] raw =
                tested.stream().mapToDouble(c -> c.selectionRateTest().pValue()).toArray();
        double[] adjusted = MultipleTesting.benjaminiHochberg(raw);
        Map<GroupComparison, Double> byComparison = new IdentityHashMap<>();
        for (int i = 0; i < tested.size(); i++) {
            byComparison.put(tested.get(i), adjusted[i]);
        }
        return byComparison;
    }

    /**
     * What decides a comparison's verdicts: the group sizes and the adjusted p-value of its test.
     *
     * @param adjustedP the Benjamini–Hochberg adjusted p-value; null when a group is below the minimum size
     */
    private record Evidence(GroupComparison comparison, Double adjustedP, double alpha, int minGroupSize) {

        MetricResult result(Metric metric, Estimate value, Optional<Interval> ci, Threshold threshold) {
            long n = comparison.unprivileged().n();
            long referenceN = comparison.privileged().n();
            Verdict verdict;
            String reason = value.reason();
            if (adjustedP == null) {
                verdict = Verdict.INSUFFICIENT_EVIDENCE;
                reason = "group sizes " + n + " and " + referenceN + " (privileged); the plan needs at least "
                        + minGroupSize;
            } else if (!value.isDefined()) {
                verdict = Verdict.INSUFFICIENT_EVIDENCE;
            } else if (!Bounds.outside(threshold, value.value())) {
                verdict = Verdict.OK;
            } else if (adjustedP < alpha) {
                verdict = Verdict.BREACH;
            } else {
                verdict = Verdict.OK;
                reason = "outside its bounds, but not significant: adjusted p-value %.4g is not below alpha %s"
                        .formatted(adjustedP, alpha);
            }
            return new MetricResult(
                    metric,
                    comparison.attribute(),
                    comparison.group(),
                    comparison.privilegedLabel(),
                    null,
                    value.orNull(),
                    n,
                    referenceN,
                    ci.map(Interval::asList).orElse(null),
                    adjustedP,
                    threshold,
                    verdict,
                    reason);
        }
    }

    private static Threshold bounds(MonitoringPlan plan, Metric metric) {
        if (plan.fairness() != null
                && plan.fairness().metrics() != null
                && plan.fairness().metrics().containsKey(metric)) {
            return plan.fairness().metrics().get(metric);
        }
        return DEFAULT_BOUNDS.get(metric);
    }
}
