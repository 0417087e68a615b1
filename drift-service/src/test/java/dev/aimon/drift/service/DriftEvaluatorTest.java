package dev.aimon.drift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.BreachKind;
import dev.aimon.events.FeatureType;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.drift.KsResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftEvaluatorTest {

    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    static final MonitoringPlanEvent PLAN = new MonitoringPlanEvent(
            1,
            "m",
            1,
            T,
            "test",
            new MonitoringPlan(
                    "m",
                    List.of(
                            new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
                            new MonitoringPlan.Feature("hours", FeatureType.NUMERIC),
                            new MonitoringPlan.Feature("rare", FeatureType.NUMERIC),
                            new MonitoringPlan.Feature("job", FeatureType.CATEGORICAL)),
                    List.of(),
                    null,
                    1,
                    new MonitoringPlan.Window(100, null, null),
                    30,
                    null,
                    null,
                    null));

    /**
     * Reference: age 20…119, hours 20…59 repeating, "rare" in 10 events only. Window: age 60…159, the rest unchanged.
     * By hand: D(age) = 0.4 (the ECDFs at 119: 1 against 60/100), D(hours) = 0. Two features are tested, so
     * Benjamini–Hochberg doubles the smaller p-value (rank 1 of 2); "rare" has 10 values, below the minimum of 30.
     */
    @Test
    void shiftedFeatureBreachesAfterCorrectionAndSmallSamplesAreHeldBack() {
        FeatureSamples reference = samples(0);
        FeatureSamples window = samples(40);

        WindowEvaluation evaluation = new DriftEvaluator(30, 0.01)
                .evaluate(PLAN, "1", new WindowSummary(T, T, 100, null, 1L), window, reference, 0, T);

        MetricResult age = result(evaluation, "age");
        assertThat(age.value()).isCloseTo(0.4, within(1e-12));
        double raw = KsResult.of(
                        window.numeric().get("age").values(),
                        reference.numeric().get("age").values())
                .pValue();
        assertThat(age.pValue()).isCloseTo(2 * raw, within(1e-15));
        assertThat(age.verdict()).isEqualTo(Verdict.BREACH);
        MetricResult hours = result(evaluation, "hours");
        assertThat(hours.value()).isZero();
        assertThat(hours.verdict()).isEqualTo(Verdict.OK);
        MetricResult rare = result(evaluation, "rare");
        assertThat(rare.verdict()).isEqualTo(Verdict.INSUFFICIENT_EVIDENCE);
        assertThat(rare.reason()).contains("10").contains("30");
        assertThat(evaluation.report().results())
                .extracting(MetricResult::feature)
                .containsExactly("age", "hours", "rare");
        assertThat(evaluation.breaches()).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(BreachKind.DATA_DRIFT);
            assertThat(b.result().feature()).isEqualTo("age");
        });
    }

    @Test
    void theReferenceWindowItselfHasNoResults() {
        WindowEvaluation evaluation = new DriftEvaluator(30, 0.01)
                .evaluate(PLAN, "1", new WindowSummary(T, T, 100, null, 0L), samples(0), null, 0, T);
        assertThat(evaluation.report().results()).isEmpty();
        assertThat(evaluation.breaches()).isEmpty();
    }

    private static FeatureSamples samples(int ageShift) {
        FeatureSamples samples = new FeatureSamples(PLAN.plan());
        for (int i = 0; i < 100; i++) {
            samples.add(
                    i < 10
                            ? Map.of("age", 20 + i + ageShift, "hours", 20 + i % 40, "rare", i, "job", "x")
                            : Map.of("age", 20 + i + ageShift, "hours", 20 + i % 40, "job", "x"));
        }
        return samples;
    }

    private static MetricResult result(WindowEvaluation evaluation, String feature) {
        return evaluation.report().results().stream()
                .filter(r -> feature.equals(r.feature()))
                .findFirst()
                .orElseThrow();
    }
}
