package dev.aimon.incident;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import dev.aimon.devkit.test.ServiceEndpoints;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.BreachKind;
import dev.aimon.events.EventIds;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.Threshold;
import dev.aimon.events.Topics;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.events.WindowSummary;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Breaches from a real broker become nonconformities in the local PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_incident_test"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
public class IncidentIT {

    @BeforeEach
    void readAsAnAuditor() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .setAuth(RestAssured.oauth2(JwtResource.token("audrey", "auditor")))
                .build();
    }

    @Test
    void servesHealthMetricsAndOpenApi() {
        ServiceEndpoints.assertHealthMetricsAndOpenApi();
    }

    @Test
    void aBreachOpensARecordItsRepeatAttachesAndARedeliveryChangesNothing() {
        String model = "credit-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        BreachEvent first = breach(model, t0, 0, 0.62);
        BreachEvent second = breach(model, t0.plusSeconds(900), 1, 0.58);
        try (TopicClient kafka =
                new TopicClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.BREACHES, model, first);
            kafka.send(Topics.BREACHES, model, first);
            kafka.send(Topics.BREACHES, model, second);
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().queryParam("modelId", model)
                        .get("/v1/nonconformities")
                        .then()
                        .statusCode(200)
                        .body("$", hasSize(1))
                        .body("[0].occurrences", equalTo(2)));
        given().queryParam("modelId", model)
                .get("/v1/nonconformities")
                .then()
                .body("[0].ref", matchesPattern("NC-\\d{4}-\\d{4,}"))
                .body("[0].status", equalTo("OPEN"))
                .body("[0].breachKind", equalTo("FAIRNESS"))
                .body("[0].severity", equalTo("S2"))
                .body("[0].planVersion", equalTo(4))
                .body("[0].metric.name", equalTo("DISPARATE_IMPACT_RATIO"))
                .body("[0].metric.attribute", equalTo("sex"))
                .body("[0].metric.group", equalTo("Female"))
                .body("[0].metric.value", equalTo(0.62f))
                .body("[0].metric.threshold.lower", equalTo(0.8f))
                .body("[0].metric.n", equalTo(1710))
                .body("[0].window.start", equalTo("2026-11-27T10:00:00Z"))
                .body("[0].window.events", equalTo(5000))
                .body("[0].reportId", equalTo(first.reportId()))
                .body("[0].firstBreachAt", equalTo("2026-11-27T10:15:00Z"))
                .body("[0].lastBreachAt", equalTo("2026-11-27T10:30:00Z"));
        given().queryParam("size", 0).get("/v1/nonconformities").then().statusCode(400);
    }

    @Test
    void windowReportsAreKeptOnceEachAsEvidence() {
        String model = "evidence-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        BreachEvent breach = breach(model, t0, 0, 0.62);
        WindowReportEvent report = new WindowReportEvent(
                1,
                breach.reportId(),
                "fairness",
                model,
                "3.2.0",
                4,
                breach.window(),
                List.of(breach.result()),
                t0,
                null);
        WindowSummary next = new WindowSummary(t0.plusSeconds(900), t0.plusSeconds(1799), 5000, null, 1L);
        WindowReportEvent clean = new WindowReportEvent(
                1,
                EventIds.windowReport("fairness", model, 4, next, 0),
                "fairness",
                model,
                "3.2.0",
                4,
                next,
                List.of(),
                t0,
                null);
        try (TopicClient kafka =
                new TopicClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.WINDOWS, model, report);
            kafka.send(Topics.WINDOWS, model, report);
            kafka.send(Topics.WINDOWS, model, clean);
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/v1/models/{m}/evidence", model)
                        .then()
                        .statusCode(200)
                        .body("windowReports", equalTo(2)));
    }

    public static BreachEvent breach(String model, Instant windowStart, long sequence, double value) {
        WindowSummary window = new WindowSummary(windowStart, windowStart.plusSeconds(899), 5000, null, sequence);
        String reportId = EventIds.windowReport("fairness", model, 4, window, 0);
        MetricResult result = new MetricResult(
                Metric.DISPARATE_IMPACT_RATIO,
                "sex",
                "Female",
                "Male",
                null,
                value,
                1710L,
                3290L,
                null,
                null,
                Threshold.between(0.8, 1.25),
                Verdict.BREACH,
                null);
        return new BreachEvent(
                1,
                EventIds.breach(reportId, result),
                reportId,
                "fairness",
                BreachKind.FAIRNESS,
                model,
                "3.2.0",
                4,
                window,
                result,
                windowStart.plusSeconds(900),
                null);
    }
}
