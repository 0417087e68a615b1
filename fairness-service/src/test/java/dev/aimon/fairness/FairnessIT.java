package dev.aimon.fairness;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.data.DataFile;
import dev.aimon.devkit.demo.AdultData;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import dev.aimon.devkit.test.ServiceEndpoints;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.EventJson;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plans and predictions on a real broker in, window reports and breaches out. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_fairness_test"))
class FairnessIT {

    private TopicClient kafka;

    @BeforeEach
    void connect() {
        kafka = new TopicClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    /**
     * Two windows of 100 events. In each: 40 women, 10 approved (0.25); 60 men, 30 approved (0.5). DIR = 0.5 and SPD
     * = −0.25, worked by hand; both past their bounds, so each window has two breaches.
     */
    @Test
    void servesHealthMetricsAndOpenApi() {
        ServiceEndpoints.assertHealthMetricsAndOpenApi();
    }

    @Test
    void biasedWindowsAreReportedAndBreached() {
        String model = "biased-" + UUID.randomUUID();
        kafka.send(Topics.PLANS, model, plan(model, 100));
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        for (int w = 0; w < 2; w++) {
            for (int i = 0; i < 100; i++) {
                boolean female = i < 40;
                boolean approved = female ? i < 10 : i < 70;
                kafka.send(
                        Topics.PREDICTIONS, model, prediction(model, t0.plusSeconds(w * 100L + i), female, approved));
            }
        }

        List<WindowReportEvent> reports = read(Topics.WINDOWS, model, 2, WindowReportEvent.class);
        assertThat(reports).extracting(r -> r.window().sequence()).containsExactly(0L, 1L);
        WindowReportEvent first = reports.get(0);
        assertThat(first.service()).isEqualTo("fairness");
        assertThat(first.planVersion()).isEqualTo(1);
        assertThat(first.window().events()).isEqualTo(100);
        assertThat(first.window().start()).isEqualTo(t0);
        assertThat(first.window().end()).isEqualTo(t0.plusSeconds(99));
        MetricResult dir = first.results().stream()
                .filter(r -> r.metric() == Metric.DISPARATE_IMPACT_RATIO)
                .findFirst()
                .orElseThrow();
        assertThat(dir.value()).isCloseTo(0.5, within(1e-12));
        assertThat(dir.n()).isEqualTo(40);
        assertThat(dir.referenceN()).isEqualTo(60);
        assertThat(dir.verdict()).isEqualTo(Verdict.BREACH);

        List<BreachEvent> breaches = read(Topics.BREACHES, model, 4, BreachEvent.class);
        assertThat(breaches).hasSize(4);
        assertThat(breaches)
                .extracting(BreachEvent::reportId)
                .containsOnly(reports.get(0).reportId(), reports.get(1).reportId());
        assertThat(breaches).extracting(BreachEvent::breachId).doesNotHaveDuplicates();

        given().auth()
                .oauth2(JwtResource.token("audrey", "auditor"))
                .get("/v1/models/{m}/windows?limit=1", model)
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].reportId", equalTo(reports.get(1).reportId()));
        // The reports need a token with a reading role; metrics and health need none.
        given().get("/v1/models/{m}/windows?limit=1", model).then().statusCode(401);
        given().auth()
                .oauth2(JwtResource.token("nobody"))
                .get("/v1/models/{m}/windows?limit=1", model)
                .then()
                .statusCode(403);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString(
                        "aimon_fairness_value{attribute=\"sex\",group=\"Female\",metric=\"DISPARATE_IMPACT_RATIO\",model=\""
                                + model + "\"} 0.5"));
    }

    /**
     * Late labels for a window that has closed: 40 women (10 approved) and 60 men (30 approved), no labels at first.
     * Then every label arrives: the 10 approved women and 10 of the 30 refused ones were truly favourable, as were the
     * 30 approved men and none of the refused ones. Worked by hand: TPR women 10 / 20 = 0.5, men 30 / 30 = 1, equal
     * opportunity difference −0.5. The window is reported again, with a new report id.
     */
    @Test
    void lateLabelsReviseAClosedWindow() {
        String model = "late-" + UUID.randomUUID();
        kafka.send(Topics.PLANS, model, plan(model, 100));
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean female = i < 40;
            events.add(prediction(model, t0.plusSeconds(i), female, female ? i < 10 : i < 70));
        }
        kafka.sendAll(Topics.PREDICTIONS, model, events);
        WindowReportEvent first =
                read(Topics.WINDOWS, model, 1, WindowReportEvent.class).getFirst();
        assertThat(first.window().labelled()).isZero();
        assertThat(first.results()).noneMatch(r -> r.metric() == Metric.EQUAL_OPPORTUNITY_DIFFERENCE);

        List<LabelEvent> labels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean truth = i < 40 ? i < 20 : i < 70;
            labels.add(new LabelEvent(1, events.get(i).eventId(), model, t0.plusSeconds(500), truth ? 1 : 0));
        }
        kafka.sendAll(Topics.LABELS, model, labels);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<WindowReportEvent> reports = read(Topics.WINDOWS, model, 2, WindowReportEvent.class);
            WindowReportEvent last = reports.getLast();
            assertThat(last.window().labelled()).isEqualTo(100);
            assertThat(last.window().sequence()).isZero();
            assertThat(last.window().events()).isEqualTo(100);
            assertThat(last.reportId()).isNotEqualTo(first.reportId());
            MetricResult eod = last.results().stream()
                    .filter(r -> r.metric() == Metric.EQUAL_OPPORTUNITY_DIFFERENCE)
                    .findFirst()
                    .orElseThrow();
            assertThat(eod.value()).isCloseTo(-0.5, within(1e-12));
        });
    }

    /**
     * One-minute windows with 30 s of allowed lateness: the biased minute of 100 events closes when an event 90 s after
     * its start arrives; an event for it after that is late and counted as such, not in the report.
     */
    @Test
    void timeWindowsCloseOnTheWatermarkAndCountLateEvents() {
        String model = "timed-" + UUID.randomUUID();
        MonitoringPlanEvent counted = plan(model, 1);
        MonitoringPlan p = counted.plan();
        MonitoringPlan timed = new MonitoringPlan(
                p.modelId(),
                p.features(),
                p.protectedAttributes(),
                p.intersections(),
                p.favorableOutcome(),
                new MonitoringPlan.Window(null, Duration.ofMinutes(1), Duration.ofSeconds(30)),
                p.minGroupSize(),
                p.fairness(),
                p.drift(),
                p.expectedInterval());
        kafka.send(
                Topics.PLANS,
                model,
                new MonitoringPlanEvent(1, model, 1, counted.createdAt(), counted.createdBy(), timed));
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean female = i < 40;
            events.add(prediction(model, t0.plusMillis(i * 500L), female, female ? i < 10 : i < 70));
        }
        events.add(prediction(model, t0.plusSeconds(89), true, true)); // the next minute; the first is still open
        events.add(prediction(model, t0.plusSeconds(90), false, true)); // the watermark passes 10:01:30
        events.add(prediction(model, t0.plusSeconds(10), true, true)); // too late
        kafka.sendAll(Topics.PREDICTIONS, model, events);

        WindowReportEvent report =
                read(Topics.WINDOWS, model, 1, WindowReportEvent.class).getFirst();
        assertThat(report.window().start()).isEqualTo(t0);
        assertThat(report.window().end()).isEqualTo(t0.plusSeconds(60));
        assertThat(report.window().sequence()).isNull();
        assertThat(report.window().events()).isEqualTo(100);
        MetricResult dir = report.results().stream()
                .filter(r -> r.metric() == Metric.DISPARATE_IMPACT_RATIO)
                .findFirst()
                .orElseThrow();
        assertThat(dir.value()).isCloseTo(0.5, within(1e-12));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/q/metrics")
                        .asString()
                        .contains("aimon_events_late_total{model=\"" + model + "\",service=\"fairness\"} 1.0"));
    }

    @Test
    void aTombstoneDropsTheModelsGaugesAndReports() {
        String model = "deleted-" + UUID.randomUUID();
        kafka.send(Topics.PLANS, model, plan(model, 10));
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        for (int i = 0; i < 10; i++) {
            kafka.send(Topics.PREDICTIONS, model, prediction(model, t0.plusSeconds(i), i % 2 == 0, true));
        }
        assertThat(read(Topics.WINDOWS, model, 1, WindowReportEvent.class)).hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/q/metrics").asString().contains("model=\"" + model + "\""));

        kafka.send(Topics.PLANS, model, null);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(given().get("/q/metrics").asString())
                    .doesNotContain(
                            "aimon_fairness_value{attribute=\"sex\",group=\"Female\",metric=\"DISPARATE_IMPACT_RATIO\",model=\""
                                    + model);
            given().auth()
                    .oauth2(JwtResource.token("audrey", "auditor"))
                    .get("/v1/models/{m}/windows", model)
                    .then()
                    .body("size()", equalTo(0));
        });
    }

    @Test
    void aPoisonRecordDoesNotStopTheStream() {
        String model = "poison-" + UUID.randomUUID();
        kafka.send(Topics.PLANS, model, plan(model, 10));
        kafka.send(Topics.PREDICTIONS, model, Map.of("this", "is not a prediction", "timestamp", "yesterday"));
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        for (int i = 0; i < 10; i++) {
            kafka.send(Topics.PREDICTIONS, model, prediction(model, t0.plusSeconds(i), i % 2 == 0, true));
        }
        assertThat(read(Topics.WINDOWS, model, 1, WindowReportEvent.class)).hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !kafka.read(Topics.DLQ, r -> model.equals(r.key()), 1, Duration.ofSeconds(1))
                        .isEmpty());
    }

    /**
     * The first 6,000 people of the UCI Adult test set (doi:10.24432/C5XW20), their true income as the decision, in
     * windows of 2,000: the stream and {@code POST /v1/evaluate} must give the same three reports.
     */
    @Test
    void evaluateGivesTheStreamsReportsForTheAdultTestSet() throws Exception {
        String model = "adult-" + UUID.randomUUID();
        MonitoringPlanEvent plan = new MonitoringPlanEvent(
                1,
                model,
                1,
                Instant.now(),
                "test",
                new MonitoringPlan(
                        model,
                        List.of(),
                        List.of(
                                new MonitoringPlan.ProtectedAttribute("sex", List.of("Male")),
                                new MonitoringPlan.ProtectedAttribute("race", List.of("White"))),
                        List.of(List.of("sex", "race")),
                        1,
                        new MonitoringPlan.Window(2000, null, null),
                        30,
                        null,
                        null,
                        null));
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        List<PredictionEvent> events = new ArrayList<>();
        for (AdultData.Person p : AdultData.read(DataFile.ADULT_TEST).subList(0, 6000)) {
            events.add(new PredictionEvent(
                    1,
                    model + "-" + events.size(),
                    model,
                    "1",
                    t0.plusSeconds(events.size()),
                    Map.of("age", p.age()),
                    Map.of("sex", p.sex(), "race", p.race()),
                    p.highIncome() ? 1 : 0,
                    null,
                    null));
        }
        kafka.send(Topics.PLANS, model, plan);
        kafka.sendAll(Topics.PREDICTIONS, model, events);
        List<WindowReportEvent> streamed = read(Topics.WINDOWS, model, 3, WindowReportEvent.class);

        String body =
                EventJson.mapper().writeValueAsString(Map.of("plan", plan.plan(), "planVersion", 1, "events", events));
        WindowReportEvent[] evaluated = given().auth()
                .oauth2(JwtResource.token("pat", "producer"))
                .contentType("application/json")
                .body(body)
                .post("/v1/evaluate")
                .then()
                .statusCode(200)
                .extract()
                .as(WindowReportEvent[].class);

        assertThat(streamed).hasSize(3);
        assertThat(List.of(evaluated))
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("createdAt")
                .containsExactlyElementsOf(streamed);
        // Real bias in real data: fewer women than men earn more than 50K (about 0.36 in adult.data).
        MetricResult women = streamed.get(0).results().stream()
                .filter(r -> r.metric() == Metric.DISPARATE_IMPACT_RATIO && "Female".equals(r.group()))
                .findFirst()
                .orElseThrow();
        assertThat(women.value()).isBetween(0.25, 0.5);
        assertThat(women.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(streamed.get(0).results())
                .anySatisfy(r -> assertThat(r.attribute()).isEqualTo("sex&race"));
    }

    @Test
    void evaluateNamesWhatIsMissing() {
        given().auth()
                .oauth2(JwtResource.token("pat", "producer"))
                .contentType("application/json")
                .body("{\"plan\":{\"window\":{\"duration\":\"PT0S\"}},\"events\":[{\"prediction\":1}]}")
                .post("/v1/evaluate")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("plan.window"))
                .body("detail", containsString("events[0].timestamp"));
    }

    private <T> List<T> read(String topic, String model, int count, Class<T> type) {
        return kafka.read(topic, r -> model.equals(r.key()), count, Duration.ofSeconds(30)).stream()
                .map(r -> {
                    try {
                        return EventJson.mapper().readValue(r.value(), type);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    static MonitoringPlanEvent plan(String model, int windowEvents) {
        return new MonitoringPlanEvent(
                1,
                model,
                1,
                Instant.now(),
                "test",
                new MonitoringPlan(
                        model,
                        List.of(),
                        List.of(new MonitoringPlan.ProtectedAttribute("sex", List.of("Male"))),
                        null,
                        1,
                        new MonitoringPlan.Window(windowEvents, null, null),
                        5,
                        new MonitoringPlan.Fairness(
                                0.05, Map.of(Metric.DISPARATE_IMPACT_RATIO, Threshold.between(0.8, 1.25))),
                        null,
                        null));
    }

    static PredictionEvent prediction(String model, Instant at, boolean female, boolean approved) {
        return new PredictionEvent(
                1,
                UUID.randomUUID().toString(),
                model,
                "1.0",
                at,
                Map.of("age", 40),
                Map.of("sex", female ? "Female" : "Male"),
                approved ? 1 : 0,
                null,
                null);
    }
}
