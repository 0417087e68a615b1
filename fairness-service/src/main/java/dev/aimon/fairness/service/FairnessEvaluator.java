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
import dev.aimon.stats.fairness.AttributeCounts;
import dev.aimon.stats.fairness.GroupComparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides the fairness verdicts of one closed window and writes its report and breaches. The numbers come from
 * stats-core; this class applies the plan: its bounds (or the documented defaults), its minimum group size.
 */
public final class FairnessEvaluator {

    public static final String SERVICE = "fairness";

    /** Bounds used when the plan gives none for a metric: the four-fifths rule, and its additive counterpart. */
    static final Map<Metric, Threshold> DEFAULT_BOUNDS = Map.of(
            Metric.DISPARATE_IMPACT_RATIO, Threshold.between(0.8, 1.25),
            Metric.STATISTICAL_PARITY_DIFFERENCE, Threshold.between(-0.1, 0.1));

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
        List<MetricResult> results = new ArrayList<>();
        for (MonitoringPlan.ProtectedAttribute attribute : plan.protectedAttributes()) {
            for (GroupComparison c :
                    GroupComparison.of(attribute.name(), counts.groups(attribute.name()), attribute.privileged())) {
                results.add(result(
                        Metric.STATISTICAL_PARITY_DIFFERENCE,
                        c,
                        GroupComparison::statisticalParityDifference,
                        plan,
                        minGroupSize));
                results.add(result(
                        Metric.DISPARATE_IMPACT_RATIO, c, GroupComparison::disparateImpactRatio, plan, minGroupSize));
            }
        }
        WindowSummary summary =
                new WindowSummary(window.start(), window.end(), window.events(), counts.labelled(), window.sequence());
        return WindowEvaluation.of(SERVICE, BreachKind.FAIRNESS, planEvent, modelVersion, summary, results, now, null);
    }

    private static MetricResult result(
            Metric metric,
            GroupComparison c,
            Function<GroupComparison, Estimate> compute,
            MonitoringPlan plan,
            int minGroupSize) {
        Threshold threshold = bounds(plan, metric);
        Estimate value = compute.apply(c);
        long n = c.unprivileged().n();
        long referenceN = c.privileged().n();
        Verdict verdict;
        String reason = value.reason();
        if (n < minGroupSize || referenceN < minGroupSize) {
            verdict = Verdict.INSUFFICIENT_EVIDENCE;
            reason = "group sizes " + n + " and " + referenceN + " (privileged); the plan needs at least "
                    + minGroupSize;
        } else if (!value.isDefined()) {
            verdict = Verdict.INSUFFICIENT_EVIDENCE;
        } else {
            verdict = Bounds.outside(threshold, value.value()) ? Verdict.BREACH : Verdict.OK;
        }
        return new MetricResult(
                metric,
                c.attribute(),
                c.group(),
                c.privilegedLabel(),
                null,
                value.orNull(),
                n,
                referenceN,
                null,
                null,
                threshold,
                verdict,
                reason);
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
