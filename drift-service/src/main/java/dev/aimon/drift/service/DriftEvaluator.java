package dev.aimon.drift.service;

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
import dev.aimon.stats.drift.KsResult;
import dev.aimon.stats.drift.NumericSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides the drift verdicts of one closed window against the reference window: for now the two-sample KS test on
 * each numeric feature. A breach needs the distance past its bound and a p-value below the plan's alpha.
 */
public final class DriftEvaluator {

    public static final String SERVICE = "drift";

    /** The KS bound used when the plan gives none. */
    static final Threshold DEFAULT_KS = Threshold.atMost(0.1);

    private final int defaultMinSampleSize;
    private final double defaultAlpha;

    public DriftEvaluator(int defaultMinSampleSize, double defaultAlpha) {
        this.defaultMinSampleSize = defaultMinSampleSize;
        this.defaultAlpha = defaultAlpha;
    }

    WindowEvaluation evaluate(
            MonitoringPlanEvent planEvent,
            String modelVersion,
            WindowSummary window,
            FeatureSamples samples,
            FeatureSamples reference,
            Instant now) {
        MonitoringPlan plan = planEvent.plan();
        int minSample = plan.minGroupSize() == null ? defaultMinSampleSize : plan.minGroupSize();
        double alpha = plan.drift() != null && plan.drift().alpha() != null
                ? plan.drift().alpha()
                : defaultAlpha;
        Threshold bound = plan.drift() != null
                        && plan.drift().metrics() != null
                        && plan.drift().metrics().containsKey(Metric.KS)
                ? plan.drift().metrics().get(Metric.KS)
                : DEFAULT_KS;
        List<MetricResult> results = new ArrayList<>();
        if (reference != null) {
            for (Map.Entry<String, NumericSample> e : samples.numeric().entrySet()) {
                results.add(ks(e.getKey(), e.getValue(), reference.numeric().get(e.getKey()), bound, alpha, minSample));
            }
        }
        return WindowEvaluation.of(SERVICE, BreachKind.DATA_DRIFT, planEvent, modelVersion, window, results, now, null);
    }

    private static MetricResult ks(
            String feature,
            NumericSample sample,
            NumericSample reference,
            Threshold bound,
            double alpha,
            int minSample) {
        long n = sample.size();
        long referenceN = reference == null ? 0 : reference.size();
        if (n < minSample || referenceN < minSample) {
            return new MetricResult(
                    Metric.KS,
                    null,
                    null,
                    null,
                    feature,
                    null,
                    n,
                    referenceN,
                    null,
                    null,
                    bound,
                    Verdict.INSUFFICIENT_EVIDENCE,
                    "sample sizes " + n + " and " + referenceN + " (reference); the plan needs at least " + minSample);
        }
        KsResult ks = KsResult.of(sample.values(), reference.values());
        Verdict verdict = Bounds.outside(bound, ks.d()) && ks.pValue() < alpha ? Verdict.BREACH : Verdict.OK;
        return new MetricResult(
                Metric.KS, null, null, null, feature, ks.d(), n, referenceN, null, ks.pValue(), bound, verdict, null);
    }
}
