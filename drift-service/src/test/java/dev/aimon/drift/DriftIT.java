package dev.aimon.drift;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import dev.aimon.devkit.test.ServiceEndpoints;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.BreachKind;
import dev.aimon.events.EventJson;
import dev.aimon.events.FeatureType;
import dev.aimon.events.LabelEvent;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Drift against the first window and against an uploaded reference, through a real broker and database. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
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
            MetricResult age = result(reports.get(1), Metric.KS, "age");
            MetricResult hours = result(reports.get(1), Metric.KS, "hours");
            assertThat(age.value()).isCloseTo(0.4, within(1e-12));
            assertThat(age.n()).isEqualTo(100);
            assertThat(age.referenceN()).isEqualTo(100);
            assertThat(age.pValue()).isLessThan(0.01);
            assertThat(age.verdict()).isEqualTo(Verdict.BREACH);
            assertThat(hours.value()).isZero();
            assertThat(hours.verdict()).isEqualTo(Verdict.OK);

            // Age breaches on every bounded distance, and 40 of its 100 values lie past the reference's largest (119).
            List<BreachEvent> breaches =
                    kafka.read(Topics.BREACHES, r -> model.equals(r.key()), 5, Duration.ofSeconds(5)).stream()
                            .map(r -> read(r.value(), BreachEvent.class))
                            .toList();
            assertThat(breaches)
                    .extracting(b -> b.kind() + " " + b.result().metric() + " "
                            + b.result().feature())
                    .containsExactlyInAnyOrder(
                            "DATA_DRIFT KS age",
                            "DATA_DRIFT PSI age",
                            "DATA_DRIFT JENSEN_SHANNON age",
                            "DATA_QUALITY OUT_OF_RANGE_RATE age");
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

        WindowReportEvent[] reports = given().auth()
                .oauth2(JwtResource.token("pat", "producer"))
                .contentType("application/json")
                .body(body)
                .post("/v1/evaluate")
                .then()
                .statusCode(200)
                .extract()
                .as(WindowReportEvent[].class);

        assertThat(reports).hasSize(1);
        MetricResult age = result(reports[0], Metric.KS, "age");
        assertThat(age.value()).isCloseTo(0.4, within(1e-12));
        assertThat(age.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(result(reports[0], Metric.KS, "hours").verdict()).isEqualTo(Verdict.OK);
    }

    /**
     * A reference uploaded as CSV: versioned and content-hashed, refused to those who may not change plans and when a
     * row is malformed. Windows are then compared with it, and late labels revise a window with its performance:
     * the reference's predictions are all right (accuracy 1), the window's 60 of 100 (accuracy 0.6).
     */
    @Test
    void anUploadedReferenceJudgesTheWindowsAndLateLabelsReviseThem() {
        String model = "drift-ref-" + UUID.randomUUID();
        String governance = JwtResource.token("gov-1", "governance");
        try (TopicClient kafka =
                new TopicClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.PLANS, model, labelledPlan(model));
            StringBuilder csv = new StringBuilder("age,job,prediction,label,unused\n");
            for (int i = 0; i < 200; i++) {
                csv.append(20 + i % 100)
                        .append(',')
                        .append(i % 2 == 0 ? "a" : "\"b\"")
                        .append(',');
                csv.append(i % 2).append(',').append(i % 2).append(",x\n");
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().auth()
                            .oauth2(governance)
                            .contentType("text/csv")
                            .body(csv.toString())
                            .put("/v1/models/{m}/reference?modelVersion=1.0", model)
                            .then()
                            .statusCode(201));
            String sha256 = given().auth()
                    .oauth2(JwtResource.token("audrey", "auditor"))
                    .get("/v1/models/{m}/reference", model)
                    .then()
                    .statusCode(200)
                    .body("version.version", equalTo(1))
                    .body("version.rows", equalTo(200))
                    .body("version.createdBy", equalTo("gov-1"))
                    .body("features.age.n", equalTo(200))
                    .body("features.age.min", equalTo(20.0f))
                    .body("features.job.categories.b", equalTo(100))
                    .body("labelled", equalTo(200))
                    .extract()
                    .path("version.sha256");
            assertThat(sha256).hasSize(64);
            // The same upload again is the same version; rows in another order hash alike.
            given().auth()
                    .oauth2(governance)
                    .contentType("text/csv")
                    .body(csv.toString())
                    .put("/v1/models/{m}/reference?modelVersion=1.0", model)
                    .then()
                    .statusCode(200)
                    .body("version.version", equalTo(1));
            given().auth()
                    .oauth2(JwtResource.token("p", "producer"))
                    .contentType("text/csv")
                    .body(csv.toString())
                    .put("/v1/models/{m}/reference", model)
                    .then()
                    .statusCode(403);
            given().contentType("text/csv")
                    .body(csv.toString())
                    .put("/v1/models/{m}/reference", model)
                    .then()
                    .statusCode(401);
            given().auth()
                    .oauth2(governance)
                    .contentType("text/csv")
                    .body("age,job\n30,a\nthirty,b\n")
                    .put("/v1/models/{m}/reference", model)
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("line 3: age must be a number, got \"thirty\""));
            given().auth()
                    .oauth2(JwtResource.token("audrey", "auditor"))
                    .get("/v1/models/{m}/reference/versions", model)
                    .then()
                    .body("size()", equalTo(1));

            Instant t0 = Instant.parse("2026-11-27T12:00:00Z");
            List<PredictionEvent> window = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                window.add(new PredictionEvent(
                        1,
                        UUID.randomUUID().toString(),
                        model,
                        "1.0",
                        t0.plusSeconds(i),
                        Map.of("age", 20 + i, "job", i % 2 == 0 ? "a" : "b"),
                        Map.of(),
                        i % 2,
                        null,
                        null));
            }
            kafka.sendAll(Topics.PREDICTIONS, model, window);
            WindowReportEvent first = read(
                    kafka.read(Topics.WINDOWS, r -> model.equals(r.key()), 1, Duration.ofSeconds(30))
                            .get(0)
                            .value(),
                    WindowReportEvent.class);
            assertThat(first.referenceHash()).isEqualTo(sha256);
            assertThat(result(first, Metric.KS, "age").verdict()).isEqualTo(Verdict.OK);
            assertThat(result(first, Metric.ACCURACY, "prediction").verdict()).isEqualTo(Verdict.INSUFFICIENT_EVIDENCE);

            List<LabelEvent> labels = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int predicted = i % 2;
                labels.add(new LabelEvent(
                        1, window.get(i).eventId(), model, t0.plusSeconds(200), i < 60 ? predicted : 1 - predicted));
            }
            kafka.sendAll(Topics.LABELS, model, labels);
            WindowReportEvent revised = read(
                    kafka.read(
                                    Topics.WINDOWS,
                                    r -> model.equals(r.key())
                                            && read(r.value(), WindowReportEvent.class).results().stream()
                                                    .anyMatch(m -> m.metric() == Metric.ACCURACY
                                                            && Long.valueOf(100).equals(m.n())),
                                    1,
                                    Duration.ofSeconds(30))
                            .get(0)
                            .value(),
                    WindowReportEvent.class);
            MetricResult accuracy = result(revised, Metric.ACCURACY, "prediction");
            assertThat(accuracy.value()).isCloseTo(0.6, within(1e-12));
            assertThat(accuracy.referenceValue()).isCloseTo(1.0, within(1e-12));
            assertThat(accuracy.verdict()).isEqualTo(Verdict.BREACH);
            assertThat(revised.window().sequence()).isEqualTo(first.window().sequence());
            assertThat(revised.window().labelled()).isEqualTo(100);
            assertThat(result(revised, Metric.KS, "age")).isEqualTo(result(first, Metric.KS, "age"));

            List<BreachEvent> performance =
                    kafka.read(Topics.BREACHES, r -> model.equals(r.key()), 10, Duration.ofSeconds(3)).stream()
                            .map(r -> read(r.value(), BreachEvent.class))
                            .filter(b -> b.kind() == BreachKind.PERFORMANCE)
                            .toList();
            assertThat(performance).anySatisfy(b -> {
                assertThat(b.result().metric()).isEqualTo(Metric.ACCURACY);
                assertThat(b.referenceHash()).isEqualTo(sha256);
            });
        }
    }

    /** A model silent for longer than its plan's expectedInterval gets one MONITORING_GAP breach per silence. */
    @Test
    void aSilentModelBreachesOnceWithAMonitoringGap() {
        String model = "drift-gap-" + UUID.randomUUID();
        try (TopicClient kafka =
                new TopicClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(
                    Topics.PLANS,
                    model,
                    plan(model, AGE_AND_HOURS, MonitoringPlan.Reference.FIRST_WINDOW, Duration.ofSeconds(2)));
            Instant last = Instant.now();
            kafka.send(Topics.PREDICTIONS, model, prediction(model, last, 30, 40));

            List<BreachEvent> gaps =
                    kafka.read(Topics.BREACHES, r -> model.equals(r.key()), 2, Duration.ofSeconds(12)).stream()
                            .map(r -> read(r.value(), BreachEvent.class))
                            .toList();
            assertThat(gaps).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo(BreachKind.MONITORING_GAP);
                assertThat(b.result().metric()).isEqualTo(Metric.SECONDS_SINCE_LAST_EVENT);
                assertThat(b.result().value()).isGreaterThanOrEqualTo(2.0);
                assertThat(b.result().threshold().upper()).isEqualTo(2.0);
                // The stream keeps event times in epoch milliseconds.
                assertThat(b.window().start()).isEqualTo(last.truncatedTo(ChronoUnit.MILLIS));
                assertThat(b.window().events()).isZero();
            });
        }
    }

    static final List<MonitoringPlan.Feature> AGE_AND_HOURS = List.of(
            new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
            new MonitoringPlan.Feature("hours", FeatureType.NUMERIC));

    static MonitoringPlanEvent labelledPlan(String model) {
        return plan(
                model,
                List.of(
                        new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
                        new MonitoringPlan.Feature("job", FeatureType.CATEGORICAL)),
                MonitoringPlan.Reference.UPLOADED,
                null);
    }

    private static MetricResult result(WindowReportEvent report, Metric metric, String feature) {
        return report.results().stream()
                .filter(r -> r.metric() == metric && feature.equals(r.feature()))
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
        return plan(model, AGE_AND_HOURS, MonitoringPlan.Reference.FIRST_WINDOW, null);
    }

    /** Windows of 100, a minimum sample of 30, favourable outcome 1, KS at most 0.1 at alpha 0.01. */
    static MonitoringPlanEvent plan(
            String model,
            List<MonitoringPlan.Feature> features,
            MonitoringPlan.Reference reference,
            Duration expectedInterval) {
        return new MonitoringPlanEvent(
                1,
                model,
                1,
                Instant.now(),
                "test",
                new MonitoringPlan(
                        model,
                        features,
                        List.of(),
                        null,
                        1,
                        new MonitoringPlan.Window(100, null, null),
                        30,
                        null,
                        new MonitoringPlan.Drift(0.01, reference, Map.of(Metric.KS, Threshold.atMost(0.1))),
                        expectedInterval));
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
