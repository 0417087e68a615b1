package dev.aimon.fairness.service;

import dev.aimon.analysis.Decision;
import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.BreachKind;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.Interval;
import dev.aimon.stats.MultipleTesting;
import dev.aimon.stats.fairness.AttributeCounts;
import dev.aimon.stats.fairness.Dimension;
import dev.aimon.stats.fairness.GroupComparison;
import dev.aimon.stats.fairness.MetricEvidence;
import dev.aimon.stats.window.ModelWindows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the fairness verdicts of one closed window and writes its report and breaches. The numbers come from
 * stats-core; this class applies the plan. A result is a {@code BREACH} only when its value is outside the plan's
 * bounds (or the documented defaults), both groups reach the plan's minimum size, and its test, adjusted by
 * Benjamini–Hochberg across every test of the window, is below the plan's alpha.
 */
public final class FairnessEvaluator {

    public static final String SERVICE = "fairness";

    /** The significance level when the plan gives none. */
    static final double DEFAULT_ALPHA = 0.05;

    /**
     * Bounds used when the plan gives none: the four-fifths rule for the ratio, ±0.1 for the differences (the
     * convention of AIF360's documentation), at most 0.1 for equalized odds.
     */
    static final Map<Metric, Threshold> DEFAULT_BOUNDS = Map.of(
            Metric.DISPARATE_IMPACT_RATIO, Threshold.between(0.8, 1.25),
            Metric.STATISTICAL_PARITY_DIFFERENCE, Threshold.between(-0.1, 0.1),
            Metric.EQUAL_OPPORTUNITY_DIFFERENCE, Threshold.between(-0.1, 0.1),
            Metric.FALSE_POSITIVE_RATE_DIFFERENCE, Threshold.between(-0.1, 0.1),
            Metric.AVERAGE_ODDS_DIFFERENCE, Threshold.between(-0.1, 0.1),
            Metric.PREDICTIVE_PARITY_DIFFERENCE, Threshold.between(-0.1, 0.1),
            Metric.EQUALIZED_ODDS_DIFFERENCE, Threshold.atMost(0.1));

    /** The metrics from predictions alone. */
    static final List<Metric> SELECTION_METRICS =
            List.of(Metric.STATISTICAL_PARITY_DIFFERENCE, Metric.DISPARATE_IMPACT_RATIO);

    /** The metrics that need labels: computed from the window's labelled predictions only. */
    static final List<Metric> ERROR_RATE_METRICS = List.of(
            Metric.EQUAL_OPPORTUNITY_DIFFERENCE,
            Metric.FALSE_POSITIVE_RATE_DIFFERENCE,
            Metric.AVERAGE_ODDS_DIFFERENCE,
            Metric.EQUALIZED_ODDS_DIFFERENCE,
            Metric.PREDICTIVE_PARITY_DIFFERENCE);

    private final int defaultMinGroupSize;

    public FairnessEvaluator(int defaultMinGroupSize) {
        this.defaultMinGroupSize = defaultMinGroupSize;
    }

    /**
     * The reports of a batch cut into the plan's windows as the stream would (the last, partial window included),
     * with the stream's maths: for {@code POST /v1/evaluate} and the command line.
     */
    public List<WindowReportEvent> evaluateBatch(MonitoringPlanEvent plan, List<PredictionEvent> events, Instant now) {
        return ModelWindows.batch(plan, events, FairnessState.TYPE).stream()
                .map(c -> evaluate(c.plan(), c.modelVersion(), c.window(), c.state(), 0, now)
                        .report())
                .toList();
    }

    /** One metric of one comparison, on its way to a result. */
    private record Candidate(Metric metric, GroupComparison comparison, MetricEvidence evidence) {}

    /**
     * The report of a window of group counts.
     *
     * @param revision 0 for the window's first report, more when late labels revised it
     */
    public WindowEvaluation evaluate(
            MonitoringPlanEvent planEvent,
            String modelVersion,
            WindowSummary window,
            AttributeCounts counts,
            int revision,
            Instant now) {
        MonitoringPlan plan = planEvent.plan();
        int minGroupSize = plan.minGroupSize() == null ? defaultMinGroupSize : plan.minGroupSize();
        double alpha = plan.fairness() != null && plan.fairness().alpha() != null
                ? plan.fairness().alpha()
                : DEFAULT_ALPHA;
        List<Metric> metrics = new ArrayList<>(SELECTION_METRICS);
        if (counts.labelled() > 0) {
            metrics.addAll(ERROR_RATE_METRICS);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Dimension d : counts.dimensions()) {
            for (GroupComparison c : GroupComparison.of(d.name(), counts.groups(d.name()), d.privileged())) {
                for (Metric m : metrics) {
                    candidates.add(new Candidate(m, c, evidence(m, c)));
                }
            }
        }
        // One family of tests per window: those with enough data and a defined value.
        Map<Candidate, Double> tested = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (testable(c.evidence(), minGroupSize)) {
                tested.put(c, c.evidence().pValue().orElseThrow());
            }
        }
        Map<Candidate, Double> adjusted = MultipleTesting.benjaminiHochberg(tested);
        List<MetricResult> results = new ArrayList<>();
        for (Candidate c : candidates) {
            results.add(result(c, adjusted.get(c), bounds(plan, c.metric()), alpha, minGroupSize));
        }
        WindowSummary summary =
                new WindowSummary(window.start(), window.end(), window.events(), counts.labelled(), window.sequence());
        return WindowEvaluation.of(
                SERVICE, BreachKind.FAIRNESS, planEvent, modelVersion, summary, results, revision, now, null);
    }

    private static MetricEvidence evidence(Metric metric, GroupComparison c) {
        return switch (metric) {
            case STATISTICAL_PARITY_DIFFERENCE -> c.statisticalParity();
            case DISPARATE_IMPACT_RATIO -> c.disparateImpact();
            case EQUAL_OPPORTUNITY_DIFFERENCE -> c.equalOpportunity();
            case FALSE_POSITIVE_RATE_DIFFERENCE -> c.falsePositiveRate();
            case AVERAGE_ODDS_DIFFERENCE -> c.averageOdds();
            case EQUALIZED_ODDS_DIFFERENCE -> c.equalizedOdds();
            case PREDICTIVE_PARITY_DIFFERENCE -> c.predictiveParity();
            default -> throw new IllegalArgumentException(metric + " is not a fairness metric");
        };
    }

    private static boolean testable(MetricEvidence e, int minGroupSize) {
        return e.n() >= minGroupSize
                && e.referenceN() >= minGroupSize
                && e.value().isDefined()
                && e.pValue().isPresent();
    }

    private static MetricResult result(
            Candidate c, Double adjustedP, Threshold threshold, double alpha, int minGroupSize) {
        MetricEvidence e = c.evidence();
        Decision decision;
        if (e.n() < minGroupSize || e.referenceN() < minGroupSize) {
            decision = Decision.insufficient(e.n(), e.referenceN(), minGroupSize);
        } else if (adjustedP == null) {
            decision = new Decision(Verdict.INSUFFICIENT_EVIDENCE, e.value().reason());
        } else {
            decision = Decision.of(threshold, e.value().value(), adjustedP, alpha);
        }
        GroupComparison g = c.comparison();
        return new MetricResult(
                c.metric(),
                g.attribute(),
                g.group(),
                g.privilegedLabel(),
                null,
                e.value().orNull(),
                e.n(),
                e.referenceN(),
                e.ci().map(Interval::asList).orElse(null),
                adjustedP,
                threshold,
                decision.verdict(),
                decision.reason());
    }

    private static Threshold bounds(MonitoringPlan plan, Metric metric) {
        if (plan.fairness() != null
                && plan.fairness().metrics() != null
                && plan.fairness().metrics().containsKey(metric)) {
            return plan.fairness().metrics().get(metric);
        }
        return plan.fairness() == null || plan.fairness().usesDefaultBounds() ? DEFAULT_BOUNDS.get(metric) : null;
    }
}
