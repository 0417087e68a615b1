package dev.aimon.drift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.devkit.data.DataFile;
import dev.aimon.devkit.demo.AdultData;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.FeatureType;
import dev.aimon.events.Metric;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real data: the UCI Adult training set (adult.data, 32,561 people; doi:10.24432/C5XW20), split at random into a
 * reference half and a window half, every column a feature (5 numeric, 8 categorical).
 */
class AdultDriftTest {

    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    static final MonitoringPlanEvent PLAN = new MonitoringPlanEvent(
            1,
            "adult",
            1,
            T,
            "test",
            new MonitoringPlan(
                    "adult",
                    List.of(
                            new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
                            new MonitoringPlan.Feature("educationNum", FeatureType.NUMERIC),
                            new MonitoringPlan.Feature("capitalGain", FeatureType.NUMERIC),
                            new MonitoringPlan.Feature("capitalLoss", FeatureType.NUMERIC),
                            new MonitoringPlan.Feature("hoursPerWeek", FeatureType.NUMERIC),
                            new MonitoringPlan.Feature("workclass", FeatureType.CATEGORICAL),
                            new MonitoringPlan.Feature("education", FeatureType.CATEGORICAL),
                            new MonitoringPlan.Feature("maritalStatus", FeatureType.CATEGORICAL),
                            new MonitoringPlan.Feature("occupation", FeatureType.CATEGORICAL),
                            new MonitoringPlan.Feature("relationship", FeatureType.CATEGORICAL),
                            new MonitoringPlan.Feature("race", FeatureType.CATEGORICAL),
                            new MonitoringPlan.Feature("sex", FeatureType.CATEGORICAL),
                            new MonitoringPlan.Feature("nativeCountry", FeatureType.CATEGORICAL)),
                    List.of(),
                    null,
                    true,
                    new MonitoringPlan.Window(20_000, null, null),
                    30,
                    null,
                    null,
                    null));

    static List<AdultData.Person> reference;
    static List<AdultData.Person> window;

    @BeforeAll
    static void split() {
        List<AdultData.Person> people = new ArrayList<>(AdultData.read(DataFile.ADULT_TRAIN));
        assertThat(people).hasSize(32_561);
        Collections.shuffle(people, new Random(2026));
        reference = people.subList(0, people.size() / 2);
        window = people.subList(people.size() / 2, people.size());
    }

    /** Two random halves of one population: nothing breaches once the tests are corrected for their number. */
    @Test
    void anUnshiftedSplitBreachesOnNothing() {
        WindowEvaluation evaluation = evaluate(0);

        assertThat(evaluation.breaches()).isEmpty();
        assertThat(evaluation.report().results())
                .filteredOn(r -> r.metric() == Metric.KS || r.metric() == Metric.CHI_SQUARE)
                .hasSize(13)
                .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.OK));
    }

    /**
     * Everyone in the window five years older: age breaches and no other feature does. (Age has a standard deviation
     * of about 13.6 years, so the shift is about 0.37 of it; KS D is then roughly 0.15, past the default 0.1.)
     */
    @Test
    void agingTheWindowByFiveYearsBreachesOnAgeAlone() {
        WindowEvaluation evaluation = evaluate(5);

        assertThat(evaluation.breaches()).extracting(b -> b.result().feature()).containsOnly("age");
        assertThat(evaluation.breaches())
                .extracting(BreachEvent::kind)
                .containsOnly(dev.aimon.events.BreachKind.DATA_DRIFT);
        assertThat(DriftEvaluatorTest.result(evaluation, Metric.KS, "age").value())
                .isBetween(0.1, 0.2);
        assertThat(DriftEvaluatorTest.result(evaluation, Metric.WASSERSTEIN, "age")
                        .value())
                .isBetween(4.8, 5.2);
    }

    private static WindowEvaluation evaluate(int ageShift) {
        DriftProfile ref = profile(reference, 0);
        DriftProfile win = profile(window, ageShift);
        return new DriftEvaluator(30, 0.01)
                .evaluate(
                        PLAN,
                        "1",
                        new WindowSummary(T, T, window.size(), 0L, 0L),
                        win,
                        new DriftEvaluator.Reference(ref, ref.sha256(), null),
                        0,
                        T);
    }

    private static DriftProfile profile(List<AdultData.Person> people, int ageShift) {
        DriftProfile profile = new DriftProfile(PLAN.plan(), new DriftProfile.Limits(100_000, 1_000));
        for (AdultData.Person p : people) {
            Map<String, Object> f = new HashMap<>();
            f.put("age", p.age() + ageShift);
            f.put("educationNum", p.educationNum());
            f.put("capitalGain", p.capitalGain());
            f.put("capitalLoss", p.capitalLoss());
            f.put("hoursPerWeek", p.hoursPerWeek());
            f.put("workclass", p.workclass());
            f.put("education", p.education());
            f.put("maritalStatus", p.maritalStatus());
            f.put("occupation", p.occupation());
            f.put("relationship", p.relationship());
            f.put("race", p.race());
            f.put("sex", p.sex());
            f.put("nativeCountry", p.nativeCountry());
            profile.add(DriftEvaluatorTest.event(f, null, null, null));
        }
        return profile;
    }
}
