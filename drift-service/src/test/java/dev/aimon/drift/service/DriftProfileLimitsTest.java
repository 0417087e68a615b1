package dev.aimon.drift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.events.FeatureType;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.stats.drift.NumericSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A window's values are bounded per model, not only per feature: a model with many features stays small. */
class DriftProfileLimitsTest {

    static final DriftProfile.Limits SERVICE = new DriftProfile.Limits(100_000, 1_000, 500_000);

    @Test
    void eachSlotGetsItsShareOfTheWindowsValuesBetweenTheFloorAndTheExactLimit() {
        // 50 numeric features + predictions, scores and scores by class = 53 slots: 500,000 / 53 = 9,433, below the
        // floor of 10,000.
        assertThat(SERVICE.perSlot(53)).isEqualTo(10_000);
        // 20 numeric features: 500,000 / 23 = 21,739.
        assertThat(SERVICE.perSlot(23)).isEqualTo(21_739);
        // 3 numeric features: 500,000 / 6 = 83,333.
        assertThat(SERVICE.perSlot(6)).isEqualTo(83_333);
        // 1 numeric feature: 500,000 / 4 = 125,000, above the exact limit.
        assertThat(SERVICE.perSlot(4)).isEqualTo(100_000);
        // An exact limit below the floor stays; no window bound leaves the exact limit.
        assertThat(new DriftProfile.Limits(5_000, 1_000, 500_000).perSlot(53)).isEqualTo(5_000);
        assertThat(new DriftProfile.Limits(100_000, 1_000).perSlot(53)).isEqualTo(100_000);
    }

    @Test
    void aModelWithFiftyNumericFeaturesKeepsTenThousandValuesOfEachAndCountsThemAll() {
        DriftProfile profile = new DriftProfile(plan(50), SERVICE);
        for (int i = 0; i < 30_000; i++) {
            profile.add(DriftEvaluatorTest.event(features(50, i), i % 2, 0.5, null));
        }
        NumericSample x0 = profile.numeric().get("x0");
        assertThat(x0.size()).isEqualTo(10_000);
        assertThat(x0.count()).isEqualTo(30_000);
        assertThat(x0.exact()).isFalse();
        assertThat(x0.min()).isEqualTo(0);
        assertThat(x0.max()).isEqualTo(29_999);

        // The same window of a model with two numeric features keeps every value: 500,000 / 5 = 100,000 per slot.
        DriftProfile small = new DriftProfile(plan(2), SERVICE);
        for (int i = 0; i < 30_000; i++) {
            small.add(DriftEvaluatorTest.event(features(2, i), i % 2, 0.5, null));
        }
        assertThat(small.numeric().get("x0").size()).isEqualTo(30_000);
        assertThat(small.numeric().get("x0").exact()).isTrue();
    }

    @Test
    void aCopyAndACheckpointKeepTheLimitTheProfileWasMadeWith() throws Exception {
        DriftProfile profile = new DriftProfile(plan(50), SERVICE);
        for (int i = 0; i < 12_000; i++) {
            profile.add(DriftEvaluatorTest.event(features(50, i), i % 2, 0.5, null));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        profile.writeTo(new DataOutputStream(bytes));
        DriftProfile read = DriftProfile.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (DriftProfile p : List.of(profile.copy(), read)) {
            assertThat(p.numeric().get("x49").limit()).isEqualTo(10_000);
            assertThat(p.numeric().get("x49").size()).isEqualTo(10_000);
            assertThat(p.numeric().get("x49").count()).isEqualTo(12_000);
        }

        // A window released after its evaluation keeps its results through a checkpoint, and its copy for
        // evaluation (which shares the samples) keeps the values it was taken with.
        DriftProfile copy = profile.copy();
        List<MetricResult> results = List.of(new MetricResult(
                Metric.KS,
                null,
                null,
                null,
                "x0",
                0.02,
                12_000L,
                12_000L,
                null,
                0.3,
                Threshold.atMost(0.1),
                Verdict.OK,
                null,
                null));
        profile.release(results);
        bytes.reset();
        profile.writeTo(new DataOutputStream(bytes));
        DriftProfile released =
                DriftProfile.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(released.released()).isEqualTo(results);
        assertThat(released.events()).isEqualTo(12_000);
        assertThat(copy.numeric().get("x49").size()).isEqualTo(10_000);
        assertThat(copy.isReleased()).isFalse();
    }

    static MonitoringPlan plan(int numeric) {
        List<MonitoringPlan.Feature> features = new ArrayList<>();
        for (int f = 0; f < numeric; f++) {
            features.add(new MonitoringPlan.Feature("x" + f, FeatureType.NUMERIC));
        }
        features.add(new MonitoringPlan.Feature("job", FeatureType.CATEGORICAL));
        return DriftEvaluatorTest.plan(features).plan();
    }

    static Map<String, Object> features(int numeric, int i) {
        Map<String, Object> f = new HashMap<>();
        for (int k = 0; k < numeric; k++) {
            f.put("x" + k, (double) i);
        }
        f.put("job", "j" + (i % 3));
        return f;
    }
}
