package dev.aimon.drift;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import dev.aimon.devkit.test.ServiceEndpoints;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.BreachKind;
import dev.aimon.events.EventJson;
import dev.aimon.events.FeatureType;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Topics;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Drift against the first window, through a real broker. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_drift_test"))
class DriftIT {

    /**
     * Window 0 (the reference): age 20…119, hours 20…59 repeating. Window 1: age 60…159, hours as before. Worked by
     * hand: the largest gap of the age ECDFs is at 119, 1 − 60/100 = 0.4; the hours samples are identical, D = 0.
     */
    @Test
    void servesHealthMetricsAndOpenApi() {
        ServiceEndpoints.assertHealthMetricsAndOpenApi();
    }

    @Test
    void aShiftedFeatureBreachesAndAnUnshiftedOneDoesNot() {
        String model = "drift-" + UUID.randomUUID();
        try (TopicClient kafka =
                new TopicClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.PLANS, model, plan(model));
            Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < 100; i++) {
                    int age = 20 + i + (w == 1 ? 40 : 0);
                    kafka.send(
                            Topics.PREDICTIONS,
                            model,
                            prediction(model, t0.plusSeconds(w * 100L + i), age, 20 + i % 40));
                }
            }

            List<WindowReportEvent> reports =
                    kafka.read(Topics.WINDOWS, r -> model.equals(r.key()), 2, Duration.ofSeconds(30)).stream()
                            .map(r -> read(r.value(), WindowReportEvent.class))
                            .toList();
            assertThat(reports).hasSize(2);
            assertThat(reports.get(0).results()).isEmpty();
            MetricResult age = result(reports.get(1), "age");
            MetricResult hours = result(reports.get(1), "hours");
            assertThat(age.value()).isCloseTo(0.4, within(1e-12));
            assertThat(age.n()).isEqualTo(100);
            assertThat(age.referenceN()).isEqualTo(100);
            assertThat(age.pValue()).isLessThan(0.01);
            assertThat(age.verdict()).isEqualTo(Verdict.BREACH);
            assertThat(hours.value()).isZero();
            assertThat(hours.verdict()).isEqualTo(Verdict.OK);

            List<BreachEvent> breaches =
                    kafka.read(Topics.BREACHES, r -> model.equals(r.key()), 2, Duration.ofSeconds(5)).stream()
                            .map(r -> read(r.value(), BreachEvent.class))
                            .toList();
            assertThat(breaches).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo(BreachKind.DATA_DRIFT);
                assertThat(b.result().feature()).isEqualTo("age");
            });
        }
        given().get("/q/metrics")
                .then()
                .body(containsString("aimon_drift_value{feature=\"age\",metric=\"KS\",model=\"" + model + "\"} 0.4"));
    }

    /** The same hand-worked shift through {@code POST /v1/evaluate}, with the reference given in the request. */
    @Test
    void evaluateTestsABatchAgainstAGivenReference() throws Exception {
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        List<PredictionEvent> reference = new ArrayList<>();
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reference.add(prediction("m", t0.plusSeconds(i), 20 + i, 20 + i % 40));
            events.add(prediction("m", t0.plusSeconds(100 + i), 60 + i, 20 + i % 40));
        }
        String body = EventJson.mapper()
                .writeValueAsString(Map.of("plan", plan("m").plan(), "reference", reference, "events", events));

        WindowReportEvent[] reports = given().contentType("application/json")
                .body(body)
                .post("/v1/evaluate")
                .then()
                .statusCode(200)
                .extract()
                .as(WindowReportEvent[].class);

        assertThat(reports).hasSize(1);
        MetricResult age = result(reports[0], "age");
        assertThat(age.value()).isCloseTo(0.4, within(1e-12));
        assertThat(age.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(result(reports[0], "hours").verdict()).isEqualTo(Verdict.OK);
    }

    private static MetricResult result(WindowReportEvent report, String feature) {
        return report.results().stream()
                .filter(r -> feature.equals(r.feature()))
                .findFirst()
                .orElseThrow();
    }

    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MonitoringPlanEvent plan(String model) {
        return new MonitoringPlanEvent(
                1,
                model,
                1,
                Instant.now(),
                "test",
                new MonitoringPlan(
                        model,
                        List.of(
                                new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
                                new MonitoringPlan.Feature("hours", FeatureType.NUMERIC)),
                        List.of(),
                        null,
                        1,
                        new MonitoringPlan.Window(100, null, null),
                        30,
                        null,
                        new MonitoringPlan.Drift(
                                0.01, MonitoringPlan.Reference.FIRST_WINDOW, Map.of(Metric.KS, Threshold.atMost(0.1))),
                        null));
    }

    static PredictionEvent prediction(String model, Instant at, int age, int hours) {
        return new PredictionEvent(
                1,
                UUID.randomUUID().toString(),
                model,
                "1.0",
                at,
                Map.of("age", age, "hours", hours),
                Map.of(),
                1,
                null,
                null);
    }
}
