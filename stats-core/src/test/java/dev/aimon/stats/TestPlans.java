package dev.aimon.stats;

import dev.aimon.events.FeatureType;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small plans and events for the tests of this module. */
public final class TestPlans {

    private TestPlans() {}

    public static MonitoringPlanEvent plan(String model, int version, int windowEvents) {
        return plan(model, version, new MonitoringPlan.Window(windowEvents, null, null));
    }

    /** A plan with event-time windows. */
    public static MonitoringPlanEvent timePlan(String model, int version, Duration duration, Duration lateness) {
        return plan(model, version, new MonitoringPlan.Window(null, duration, lateness));
    }

    private static MonitoringPlanEvent plan(String model, int version, MonitoringPlan.Window window) {
        return new MonitoringPlanEvent(
                1,
                model,
                version,
                Instant.EPOCH,
                "test",
                new MonitoringPlan(
                        model,
                        List.of(new MonitoringPlan.Feature("age", FeatureType.NUMERIC)),
                        List.of(
                                new MonitoringPlan.ProtectedAttribute("sex", List.of("Male")),
                                new MonitoringPlan.ProtectedAttribute("race", List.of("White", "Asian"))),
                        null,
                        1,
                        window,
                        5,
                        null,
                        null,
                        null));
    }

    public static PredictionEvent event(String model, long second, String sex, String race, Object prediction) {
        return new PredictionEvent(
                1,
                model + "-" + second,
                model,
                "v1",
                Instant.ofEpochSecond(second),
                Map.of("age", 30 + second % 10),
                Map.of("sex", sex, "race", race),
                prediction,
                null,
                null);
    }
}
