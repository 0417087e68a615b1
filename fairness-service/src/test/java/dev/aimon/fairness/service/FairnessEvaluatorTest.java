package dev.aimon.fairness.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.BreachKind;
import dev.aimon.events.EventIds;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.fairness.AttributeCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairnessEvaluatorTest {

    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    static MonitoringPlanEvent plan(int minGroupSize) {
        return plan(minGroupSize, null);
    }

    static MonitoringPlanEvent plan(int minGroupSize, Boolean defaultBounds) {
        return new MonitoringPlanEvent(
                1,
                "credit",
                3,
                T,
                "test",
                new MonitoringPlan(
                        "credit",
                        List.of(),
                        List.of(new MonitoringPlan.ProtectedAttribute("sex", List.of("Male"))),
                        null,
                        1,
                        new MonitoringPlan.Window(150, null, null),
                        minGroupSize,
                        new MonitoringPlan.Fairness(
                                0.05,
                                Map.of(Metric.DISPARATE_IMPACT_RATIO, Threshold.between(0.8, 1.25)),
                                defaultBounds),
                        null,
                        null));
    }

    /**
     * Worked by hand: 50 women of whom 10 are approved (rate 0.2), 100 men of whom 50 are (rate 0.5). DIR = 0.4, below
     * the plan's 0.8: a breach. SPD = −0.3, below the default −0.1: a breach too (no bound in the plan, so the
     * documented default applies). 10 "Other" applicants: too few for a verdict.
     */
    @Test
    void breachesPastTheBoundsAndHoldsBackOnSmallGroups() {
        AttributeCounts counts = new AttributeCounts(plan(30).plan());
        add(counts, "Female", 50, 10);
        add(counts, "Male", 100, 50);
        add(counts, "Other", 10, 1);
        WindowSummary window = new WindowSummary(T, T.plusSeconds(60), 160, null, 7L);

        WindowEvaluation evaluation = new FairnessEvaluator(30).evaluate(plan(30), "2.0", window, counts, 0, T);

        MetricResult dir = find(evaluation, Metric.DISPARATE_IMPACT_RATIO, "Female");
        assertThat(dir.value()).isCloseTo(0.4, within(1e-12));
        assertThat(dir.n()).isEqualTo(50);
        assertThat(dir.referenceN()).isEqualTo(100);
        assertThat(dir.referenceGroup()).isEqualTo("Male");
        assertThat(dir.verdict()).isEqualTo(Verdict.BREACH);
        // By hand: pooled rate 60/150 = 0.4, se = √(0.24 · (1/50 + 1/100)) = 0.084853, z = −0.3 / 0.084853 = −3.5355,
        // p = 2 (1 − Φ(3.5355)) = 4.07e−4; the only comparison with enough data, so BH leaves it as it is.
        assertThat(dir.pValue()).isCloseTo(4.07e-4, within(1e-5));
        // Katz: se = √(1/10 − 1/50 + 1/50 − 1/100) = 0.3; 0.4 · exp(∓1.96 · 0.3) = 0.2222 and 0.7202.
        assertThat(dir.ci()).hasSize(2);
        assertThat(dir.ci().get(0)).isCloseTo(0.2222, within(5e-4));
        assertThat(dir.ci().get(1)).isCloseTo(0.7202, within(5e-4));
        MetricResult spd = find(evaluation, Metric.STATISTICAL_PARITY_DIFFERENCE, "Female");
        assertThat(spd.value()).isCloseTo(-0.3, within(1e-12));
        assertThat(spd.threshold()).isEqualTo(Threshold.between(-0.1, 0.1));
        assertThat(spd.verdict()).isEqualTo(Verdict.BREACH);
        MetricResult other = find(evaluation, Metric.DISPARATE_IMPACT_RATIO, "Other");
        assertThat(other.value()).isCloseTo(0.2, within(1e-12));
        assertThat(other.verdict()).isEqualTo(Verdict.INSUFFICIENT_EVIDENCE);
        assertThat(other.reason()).contains("10").contains("30");

        assertThat(evaluation.report().window().sequence()).isEqualTo(7L);
        assertThat(evaluation.report().reportId()).isEqualTo(EventIds.windowReport("fairness", "credit", 3, window, 0));
        assertThat(evaluation.breaches()).hasSize(2).allSatisfy(b -> {
            assertThat(b.kind()).isEqualTo(BreachKind.FAIRNESS);
            assertThat(b.reportId()).isEqualTo(evaluation.report().reportId());
            assertThat(b.planVersion()).isEqualTo(3);
            assertThat(b.modelVersion()).isEqualTo("2.0");
            assertThat(b.result().group()).isEqualTo("Female");
        });
    }

    /**
     * Worked by hand: 30 women, 10 approved (1/3), against 30 men, 15 approved (1/2): DIR 0.667 is below 0.8, but
     * with so few people the difference is not significant (pooled 25/60, z = −1.309, p = 0.19).
     */
    @Test
    void aValuePastItsBoundWithoutSignificanceIsNotABreach() {
        AttributeCounts counts = new AttributeCounts(plan(30).plan());
        add(counts, "Female", 30, 10);
        add(counts, "Male", 30, 15);

        WindowEvaluation evaluation =
                new FairnessEvaluator(30).evaluate(plan(30), null, new WindowSummary(T, T, 60, null, 0L), counts, 0, T);

        MetricResult dir = find(evaluation, Metric.DISPARATE_IMPACT_RATIO, "Female");
        assertThat(dir.value()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(dir.pValue()).isCloseTo(0.1904, within(5e-4));
        assertThat(dir.verdict()).isEqualTo(Verdict.OK);
        assertThat(dir.reason()).contains("not significant");
        assertThat(evaluation.breaches()).isEmpty();
    }

    /**
     * With labels, the error-rate metrics join the report and the family of tests: women TPR 0.5 against men 0.8
     * (EOD −0.3, a breach); equal precision (PPD 0) on too few favourable predictions to judge. Worked by hand as in
     * GroupComparisonTest.
     */
    @Test
    void labelledWindowsReportTheErrorRateMetrics() {
        AttributeCounts counts = new AttributeCounts(plan(30).plan());
        addLabelled(counts, "Female", 20, 20, 5, 55);
        addLabelled(counts, "Male", 40, 10, 10, 40);

        WindowEvaluation evaluation = new FairnessEvaluator(30)
                .evaluate(plan(30), null, new WindowSummary(T, T, 200, null, 0L), counts, 0, T);

        assertThat(evaluation.report().window().labelled()).isEqualTo(200);
        assertThat(evaluation.report().results())
                .extracting(MetricResult::metric)
                .containsExactly(
                        Metric.STATISTICAL_PARITY_DIFFERENCE,
                        Metric.DISPARATE_IMPACT_RATIO,
                        Metric.EQUAL_OPPORTUNITY_DIFFERENCE,
                        Metric.FALSE_POSITIVE_RATE_DIFFERENCE,
                        Metric.AVERAGE_ODDS_DIFFERENCE,
                        Metric.EQUALIZED_ODDS_DIFFERENCE,
                        Metric.PREDICTIVE_PARITY_DIFFERENCE);
        MetricResult eod = find(evaluation, Metric.EQUAL_OPPORTUNITY_DIFFERENCE, "Female");
        assertThat(eod.value()).isCloseTo(-0.3, within(1e-12));
        assertThat(eod.verdict()).isEqualTo(Verdict.BREACH);
        MetricResult ppd = find(evaluation, Metric.PREDICTIVE_PARITY_DIFFERENCE, "Female");
        assertThat(ppd.value()).isCloseTo(0.0, within(1e-12));
        // Precision rests on the favourable predictions: 20 + 5 = 25 women, below the minimum of 30.
        assertThat(ppd.n()).isEqualTo(25);
        assertThat(ppd.verdict()).isEqualTo(Verdict.INSUFFICIENT_EVIDENCE);
        MetricResult fprd = find(evaluation, Metric.FALSE_POSITIVE_RATE_DIFFERENCE, "Female");
        assertThat(fprd.n()).isEqualTo(60);
        assertThat(fprd.referenceN()).isEqualTo(50);
    }

    /**
     * The window above under a plan that turns the default bounds off: equal opportunity (−0.3, significant) is still
     * reported with its evidence, but without bounds it cannot breach; the ratio the plan bounds still decides.
     */
    @Test
    void withoutDefaultBoundsOnlyThePlansMetricsCanBreach() {
        MonitoringPlanEvent plan = plan(30, false);
        AttributeCounts counts = new AttributeCounts(plan.plan());
        addLabelled(counts, "Female", 20, 20, 5, 55);
        addLabelled(counts, "Male", 40, 10, 10, 40);

        WindowEvaluation evaluation =
                new FairnessEvaluator(30).evaluate(plan, null, new WindowSummary(T, T, 200, null, 0L), counts, 0, T);

        MetricResult eod = find(evaluation, Metric.EQUAL_OPPORTUNITY_DIFFERENCE, "Female");
        assertThat(eod.value()).isCloseTo(-0.3, within(1e-12));
        assertThat(eod.pValue()).isLessThan(0.05);
        assertThat(eod.threshold()).isNull();
        assertThat(eod.verdict()).isEqualTo(Verdict.OK);
        // Women 25/100 selected, men 50/100: DIR 0.5, below the plan's 0.8.
        MetricResult dir = find(evaluation, Metric.DISPARATE_IMPACT_RATIO, "Female");
        assertThat(dir.value()).isCloseTo(0.5, within(1e-12));
        assertThat(dir.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(evaluation.report().results())
                .filteredOn(r -> r.metric() != Metric.DISPARATE_IMPACT_RATIO)
                .allSatisfy(r -> assertThat(r.verdict()).isNotEqualTo(Verdict.BREACH));
    }

    @Test
    void aFairWindowIsReportedWithoutBreaches() {
        AttributeCounts counts = new AttributeCounts(plan(30).plan());
        add(counts, "Female", 100, 45);
        add(counts, "Male", 100, 50);
        WindowSummary window = new WindowSummary(T, T, 200, null, 0L);

        WindowEvaluation evaluation = new FairnessEvaluator(30).evaluate(plan(30), null, window, counts, 0, T);

        assertThat(evaluation.report().results())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.OK));
        assertThat(evaluation.breaches()).isEmpty();
    }

    @Test
    void aPrivilegedGroupThatNobodyLeftSelectedGivesNoRatio() {
        AttributeCounts counts = new AttributeCounts(plan(1).plan());
        add(counts, "Female", 40, 10);
        add(counts, "Male", 40, 0);

        WindowEvaluation evaluation =
                new FairnessEvaluator(1).evaluate(plan(1), null, new WindowSummary(T, T, 80, null, 0L), counts, 0, T);

        MetricResult dir = find(evaluation, Metric.DISPARATE_IMPACT_RATIO, "Female");
        assertThat(dir.value()).isNull();
        assertThat(dir.verdict()).isEqualTo(Verdict.INSUFFICIENT_EVIDENCE);
        assertThat(dir.reason()).contains("selection rate is 0");
    }

    private static void add(AttributeCounts counts, String sex, int n, int approved) {
        for (int i = 0; i < n; i++) {
            counts.add(Map.of("sex", sex), i < approved ? 1 : 0, null);
        }
    }

    private static void addLabelled(AttributeCounts counts, String sex, int tp, int fn, int fp, int tn) {
        Map<String, String> attributes = Map.of("sex", sex);
        for (int i = 0; i < tp; i++) counts.add(attributes, 1, 1);
        for (int i = 0; i < fn; i++) counts.add(attributes, 0, 1);
        for (int i = 0; i < fp; i++) counts.add(attributes, 1, 0);
        for (int i = 0; i < tn; i++) counts.add(attributes, 0, 0);
    }

    private static MetricResult find(WindowEvaluation evaluation, Metric metric, String group) {
        return evaluation.report().results().stream()
                .filter(r -> r.metric() == metric && r.group().equals(group))
                .findFirst()
                .orElseThrow();
    }
}
