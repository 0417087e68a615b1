package dev.aimon.drift.service;

import dev.aimon.analysis.Decision;
import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.BreachKind;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.MultipleTesting;
import dev.aimon.stats.drift.KsResult;
import dev.aimon.stats.drift.NumericSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the drift verdicts of one closed window against the reference window: for now the two-sample KS test on
 * each numeric feature. A breach needs the distance past its bound and a p-value, adjusted by Benjamini–Hochberg
 * across the window's features, below the plan's alpha.
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
            int revision,
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
        if (reference == null) {
            return WindowEvaluation.of(
                    SERVICE, BreachKind.DATA_DRIFT, planEvent, modelVersion, window, results, revision, now, null);
        }
        // Test every feature with enough data, then adjust the p-values by Benjamini-Hochberg across them.
        Map<String, KsResult> tested = new LinkedHashMap<>();
        for (Map.Entry<String, NumericSample> e : samples.numeric().entrySet()) {
            NumericSample ref = reference.numeric().get(e.getKey());
            if (e.getValue().size() >= minSample && ref != null && ref.size() >= minSample) {
                tested.put(e.getKey(), KsResult.of(e.getValue().values(), ref.values()));
            }
        }
        Map<String, Double> rawP = new LinkedHashMap<>();
        tested.forEach((feature, ks) -> rawP.put(feature, ks.pValue()));
        Map<String, Double> adjusted = MultipleTesting.benjaminiHochberg(rawP);
        for (Map.Entry<String, NumericSample> e : samples.numeric().entrySet()) {
            String feature = e.getKey();
            KsResult ks = tested.get(feature);
            long n = e.getValue().size();
            NumericSample ref = reference.numeric().get(feature);
            long referenceN = ref == null ? 0 : ref.size();
            Decision decision = ks == null
                    ? Decision.insufficient(n, referenceN, minSample)
                    : Decision.of(bound, ks.d(), adjusted.get(feature), alpha);
            results.add(new MetricResult(
                    Metric.KS,
                    null,
                    null,
                    null,
                    feature,
                    ks == null ? null : ks.d(),
                    n,
                    referenceN,
                    null,
                    adjusted.get(feature),
                    bound,
                    decision.verdict(),
                    decision.reason()));
        }
        return WindowEvaluation.of(
                SERVICE, BreachKind.DATA_DRIFT, planEvent, modelVersion, window, results, revision, now, null);
    }
}
