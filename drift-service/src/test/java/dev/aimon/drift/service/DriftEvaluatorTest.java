package dev.aimon.drift.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.BreachKind;
import dev.aimon.events.FeatureType;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.drift.KsResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftEvaluatorTest {

    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    static final DriftProfile.Limits LIMITS = new DriftProfile.Limits(100_000, 1_000);
    static final WindowSummary WINDOW = new WindowSummary(T, T, 100, null, 1L);

    static MonitoringPlanEvent plan(List<MonitoringPlan.Feature> features) {
        return plan(features, null);
    }

    static MonitoringPlanEvent plan(List<MonitoringPlan.Feature> features, MonitoringPlan.Drift drift) {
        return new MonitoringPlanEvent(
                1,
                "m",
                1,
                T,
                "test",
                new MonitoringPlan(
                        "m",
                        features,
                        List.of(),
                        null,
                        1,
                        new MonitoringPlan.Window(100, null, null),
                        30,
                        null,
                        drift,
                        null));
    }

    static final MonitoringPlanEvent NUMERIC_PLAN = plan(List.of(
            new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
            new MonitoringPlan.Feature("hours", FeatureType.NUMERIC),
            new MonitoringPlan.Feature("rare", FeatureType.NUMERIC),
            new MonitoringPlan.Feature("job", FeatureType.CATEGORICAL)));

    /**
     * Reference: age 20…119, hours 20…59 repeating, "rare" in 10 events only, job always "x". Window: age 60…159, the
     * rest unchanged. By hand: D(age) = 0.4 (the ECDFs at 119: 1 against 60/100), D(hours) = 0. Two features are
     * tested (rare has 10 values, below the minimum of 30; job has one category, nothing to test), so Benjamini–
     * Hochberg doubles the smaller p-value (rank 1 of 2). Wasserstein of a shift by 40 is 40.
     */
    @Test
    void shiftedFeatureBreachesAfterCorrectionAndSmallSamplesAreHeldBack() {
        DriftProfile reference = numericProfile(0);
        DriftProfile window = numericProfile(40);

        WindowEvaluation evaluation = evaluate(NUMERIC_PLAN, "1", window, reference, null, 0);

        MetricResult age = result(evaluation, Metric.KS, "age");
        assertThat(age.value()).isCloseTo(0.4, within(1e-12));
        double raw = KsResult.of(
                        numericProfile(40).numeric().get("age").values(),
                        reference.numeric().get("age").values())
                .pValue();
        assertThat(age.pValue()).isCloseTo(2 * raw, within(1e-15));
        assertThat(age.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(result(evaluation, Metric.WASSERSTEIN, "age").value()).isCloseTo(40, within(1e-9));
        // PSI and Jensen–Shannon share the feature's test: the same adjusted p-value.
        assertThat(result(evaluation, Metric.PSI, "age").pValue()).isEqualTo(age.pValue());
        MetricResult hours = result(evaluation, Metric.KS, "hours");
        assertThat(hours.value()).isZero();
        assertThat(hours.verdict()).isEqualTo(Verdict.OK);
        MetricResult rare = result(evaluation, Metric.KS, "rare");
        assertThat(rare.verdict()).isEqualTo(Verdict.INSUFFICIENT_EVIDENCE);
        assertThat(rare.reason()).contains("10").contains("30");
        // "rare" is missing from 90 of 100 events, as in the reference: its missing rate is within the default bound.
        MetricResult missing = result(evaluation, Metric.MISSING_RATE, "rare");
        assertThat(missing.value()).isCloseTo(0.9, within(1e-12));
        assertThat(missing.referenceValue()).isCloseTo(0.9, within(1e-12));
        assertThat(missing.verdict()).isEqualTo(Verdict.OK);
        // 40 of the 100 ages (120…159) lie above the reference's largest, 119.
        MetricResult outOfRange = result(evaluation, Metric.OUT_OF_RANGE_RATE, "age");
        assertThat(outOfRange.value()).isCloseTo(0.4, within(1e-12));
        assertThat(outOfRange.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(evaluation.breaches())
                .extracting(b ->
                        b.kind() + " " + b.result().metric() + " " + b.result().feature())
                .containsExactlyInAnyOrder(
                        "DATA_DRIFT KS age",
                        "DATA_DRIFT JENSEN_SHANNON age",
                        "DATA_DRIFT PSI age",
                        "DATA_QUALITY OUT_OF_RANGE_RATE age");
        assertThat(evaluation.report().referenceHash()).isEqualTo("ref-hash");
    }

    static final MonitoringPlanEvent LABELLED_PLAN =
            plan(List.of(new MonitoringPlan.Feature("job", FeatureType.CATEGORICAL)));

    /**
     * Reference: 200 events, job a ×100 and b ×100; prediction 1 on odd i; score 0.8 with prediction 1, else 0.2;
     * the label agrees with the prediction unless i % 10 = 0 (accuracy 180/200 = 0.9). Window: job a ×80, b ×80 and
     * c ×40 (never in the reference); the same predictions and scores; the label agrees when i % 10 < 7 (accuracy
     * 0.7).
     *
     * <p>By hand: the job table [[80,80,40],[100,100,0]] expects (90, 90, 20) per row, χ² = 4·10²/90 + 2·20²/20 =
     * 44.444, df 2, p = e^(−22.222). Accuracy: pooled p̂ = 320/400 = 0.8, SE = √(0.8·0.2·2/200) = 0.04, z = 5. AUC of
     * the window: the 80 positives score 0.8 (60) or 0.2 (20), the 120 negatives 0.8 (40) or 0.2 (80); wins 60·80 and
     * ties 60·40 + 20·80 give (4800 + 0.5·4000)/9600 = 0.708333; the reference's (100·80 + 0.5·20·80)/9600 =
     * 0.916667.
     */
    @Test
    void categoricalDriftUnseenCategoriesAndPerformanceAgainstTheReference() {
        DriftProfile reference = labelledProfile(false);
        DriftProfile window = labelledProfile(true);

        WindowEvaluation evaluation = evaluate(LABELLED_PLAN, "1", window, reference, null, 0);

        MetricResult chi = result(evaluation, Metric.CHI_SQUARE, "job");
        assertThat(chi.value()).isCloseTo(400 / 9.0, within(1e-9));
        assertThat(chi.n()).isEqualTo(200);
        // Three drift tests in the window (job, prediction and score, the last two with p = 1): BH triples the first.
        assertThat(chi.pValue()).isCloseTo(3 * Math.exp(-200 / 9.0), within(1e-15));
        MetricResult unseen = result(evaluation, Metric.UNSEEN_CATEGORY_RATE, "job");
        assertThat(unseen.value()).isCloseTo(0.2, within(1e-12));
        assertThat(unseen.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(result(evaluation, Metric.CHI_SQUARE, DriftEvaluator.PREDICTION)
                        .value())
                .isZero();
        assertThat(result(evaluation, Metric.KS, DriftEvaluator.SCORE).value()).isZero();

        MetricResult accuracy = result(evaluation, Metric.ACCURACY, DriftEvaluator.PREDICTION);
        assertThat(accuracy.value()).isCloseTo(0.7, within(1e-12));
        assertThat(accuracy.referenceValue()).isCloseTo(0.9, within(1e-12));
        assertThat(accuracy.threshold().lower()).isCloseTo(0.85, within(1e-12));
        assertThat(accuracy.verdict()).isEqualTo(Verdict.BREACH);
        MetricResult auc = result(evaluation, Metric.AUC, DriftEvaluator.PREDICTION);
        assertThat(auc.value()).isCloseTo(6800 / 9600.0, within(1e-12));
        assertThat(auc.referenceValue()).isCloseTo(8800 / 9600.0, within(1e-12));
        assertThat(result(evaluation, Metric.PRECISION, DriftEvaluator.PREDICTION)
                        .value())
                .isCloseTo(0.6, within(1e-12));
        assertThat(result(evaluation, Metric.RECALL, DriftEvaluator.PREDICTION).value())
                .isCloseTo(0.75, within(1e-12));

        Map<String, BreachKind> kinds = new HashMap<>();
        for (BreachEvent b : evaluation.breaches()) {
            kinds.put(b.result().metric() + " " + b.result().feature(), b.kind());
        }
        assertThat(kinds)
                .doesNotContainKey("CHI_SQUARE job")
                .containsEntry("UNSEEN_CATEGORY_RATE job", BreachKind.DATA_QUALITY)
                .containsEntry("ACCURACY prediction", BreachKind.PERFORMANCE)
                .containsEntry("PSI job", BreachKind.DATA_DRIFT);
        // Chi-square has no default bound: it is evidence, not a verdict of its own.
        assertThat(chi.verdict()).isEqualTo(Verdict.OK);
    }

    /**
     * The windows above under a plan that bounds only the unseen-category rate and turns the defaults off: accuracy
     * (0.7 against 0.9) and the PSI of job are still reported, without bounds, and only the bounded rate breaches.
     */
    @Test
    void withoutDefaultBoundsOnlyThePlansMetricsCanBreach() {
        MonitoringPlanEvent plan = plan(
                List.of(new MonitoringPlan.Feature("job", FeatureType.CATEGORICAL)),
                new MonitoringPlan.Drift(
                        null, null, Map.of(Metric.UNSEEN_CATEGORY_RATE, Threshold.atMost(0.01)), false));

        WindowEvaluation evaluation = evaluate(plan, "1", labelledProfile(true), labelledProfile(false), null, 0);

        MetricResult accuracy = result(evaluation, Metric.ACCURACY, DriftEvaluator.PREDICTION);
        assertThat(accuracy.value()).isCloseTo(0.7, within(1e-12));
        assertThat(accuracy.threshold()).isNull();
        assertThat(accuracy.verdict()).isEqualTo(Verdict.OK);
        assertThat(result(evaluation, Metric.PSI, "job").threshold()).isNull();
        assertThat(result(evaluation, Metric.MISSING_RATE, "job").threshold()).isNull();
        assertThat(evaluation.breaches())
                .extracting(b -> b.result().metric() + " " + b.result().feature())
                .containsExactly("UNSEEN_CATEGORY_RATE job");
    }

    /** Late labels change performance only: a revision keeps the drift results and lets the window's values go. */
    @Test
    void aRevisionRecomputesPerformanceFromTheCountsItKept() {
        DriftProfile reference = labelledProfile(false);
        DriftProfile window = labelledProfile(true);
        WindowEvaluation first = evaluate(LABELLED_PLAN, "1", window, reference, null, 0);
        assertThat(window.categorical().get("job").total()).as("values let go").isZero();

        window.label(true, 0.8, 1); // prediction 1, the favourable outcome, scored 0.8
        WindowEvaluation revised = evaluate(LABELLED_PLAN, "1", window, reference, null, 1);

        assertThat(result(revised, Metric.CHI_SQUARE, "job")).isEqualTo(result(first, Metric.CHI_SQUARE, "job"));
        assertThat(result(revised, Metric.ACCURACY, DriftEvaluator.PREDICTION).n())
                .isEqualTo(201);
        assertThat(result(revised, Metric.ACCURACY, DriftEvaluator.PREDICTION).value())
                .isCloseTo(141 / 201.0, within(1e-12));
        assertThat(revised.report().results()).hasSameSizeAs(first.report().results());
    }

    /** A reference of another model version still tells data drift, not the drift or performance of the model. */
    @Test
    void aReferenceOfAnotherModelVersionOnlyJudgesTheData() {
        WindowEvaluation evaluation =
                evaluate(LABELLED_PLAN, "2", labelledProfile(true), labelledProfile(false), "1", 0);

        assertThat(result(evaluation, Metric.CHI_SQUARE, "job").value()).isNotNull();
        for (Metric m : List.of(Metric.CHI_SQUARE, Metric.PSI)) {
            MetricResult r = result(evaluation, m, DriftEvaluator.PREDICTION);
            assertThat(r.verdict()).isEqualTo(Verdict.INSUFFICIENT_EVIDENCE);
            assertThat(r.reason()).contains("model version 1").contains("2");
        }
        assertThat(result(evaluation, Metric.ACCURACY, DriftEvaluator.PREDICTION)
                        .verdict())
                .isEqualTo(Verdict.INSUFFICIENT_EVIDENCE);
        assertThat(evaluation.breaches()).noneMatch(b -> b.kind() == BreachKind.PERFORMANCE);
    }

    @Test
    void withoutAReferenceThereAreNoResults() {
        WindowEvaluation evaluation =
                new DriftEvaluator(30, 0.01).evaluate(NUMERIC_PLAN, "1", WINDOW, numericProfile(0), null, 0, T);
        assertThat(evaluation.report().results()).isEmpty();
        assertThat(evaluation.breaches()).isEmpty();
    }

    /** The binomial tail by hand: P(X ≥ 2) for X ~ B(3, 0.5) = (3 + 1)/8. */
    @Test
    void binomialTail() {
        assertThat(DriftEvaluator.atLeast(2, 3, 0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(DriftEvaluator.atLeast(0, 3, 0.5)).isEqualTo(1.0);
        assertThat(DriftEvaluator.atLeast(3, 3, 0.1)).isCloseTo(0.001, within(1e-12));
    }

    static WindowEvaluation evaluate(
            MonitoringPlanEvent plan,
            String modelVersion,
            DriftProfile window,
            DriftProfile reference,
            String referenceVersion,
            int revision) {
        return new DriftEvaluator(30, 0.01)
                .evaluate(
                        plan,
                        modelVersion,
                        WINDOW,
                        window,
                        new DriftEvaluator.Reference(reference, "ref-hash", referenceVersion),
                        revision,
                        T);
    }

    private static DriftProfile numericProfile(int ageShift) {
        DriftProfile profile = new DriftProfile(NUMERIC_PLAN.plan(), LIMITS);
        for (int i = 0; i < 100; i++) {
            profile.add(event(
                    i < 10
                            ? Map.of("age", 20 + i + ageShift, "hours", 20 + i % 40, "rare", i, "job", "x")
                            : Map.of("age", 20 + i + ageShift, "hours", 20 + i % 40, "job", "x"),
                    null,
                    null,
                    null));
        }
        return profile;
    }

    private static DriftProfile labelledProfile(boolean window) {
        DriftProfile profile = new DriftProfile(LABELLED_PLAN.plan(), LIMITS);
        for (int i = 0; i < 200; i++) {
            String job = window ? (i < 80 ? "a" : i < 160 ? "b" : "c") : (i < 100 ? "a" : "b");
            int prediction = i % 2;
            boolean agrees = window ? i % 10 < 7 : i % 10 != 0;
            profile.add(event(
                    Map.of("job", job), prediction, prediction == 1 ? 0.8 : 0.2, agrees ? prediction : 1 - prediction));
        }
        return profile;
    }

    static PredictionEvent event(Map<String, Object> features, Object prediction, Double score, Object label) {
        return new PredictionEvent(1, null, "m", "1", T, features, null, prediction, score, label);
    }

    static MetricResult result(WindowEvaluation evaluation, Metric metric, String feature) {
        return evaluation.report().results().stream()
                .filter(r -> r.metric() == metric && feature.equals(r.feature()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " of " + feature));
    }
}
