package dev.aimon.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
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
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promotion policy, escalation and the Art. 73 clock. The test profile makes data-quality breaches need two
 * windows and performance breaches S1, to be acknowledged within a second.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_incident_test"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class PolicyIT {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @BeforeEach
    void readAsAnAuditor() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .setAuth(RestAssured.oauth2(JwtResource.token("audrey", "auditor")))
                .build();
    }

    @Test
    void aBreachThatNeedsTwoWindowsStaysAnEventUntilTheSecond() {
        String model = "persist-" + UUID.randomUUID();
        BreachEvent first = breach(model, BreachKind.DATA_QUALITY, Metric.MISSING_RATE, 0);
        LifecycleIT.send(first);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/v1/models/{m}/evidence", model)
                        .then()
                        .body("breaches", equalTo(1))
                        .body("breachesWithoutRecord", equalTo(1)));
        given().queryParam("modelId", model).get("/v1/nonconformities").then().body("$", hasSize(0));

        BreachEvent second = breach(model, BreachKind.DATA_QUALITY, Metric.MISSING_RATE, 1);
        LifecycleIT.send(second);
        String id = LifecycleIT.awaitRecord(model);
        given().get("/v1/nonconformities/{id}", id)
                .then()
                .body("severity", equalTo("S3"))
                .body("severityReason", containsString("after 2 breaching window(s)"));
        String created = given().get("/v1/nonconformities/{id}/history", id)
                .then()
                .extract()
                .path("entries[0].change");
        assertThat(created).contains(first.breachId()).contains(second.breachId());
    }

    @Test
    void anUnacknowledgedS1IsEscalatedOnce() {
        String model = "escalate-" + UUID.randomUUID();
        LifecycleIT.send(breach(model, BreachKind.PERFORMANCE, Metric.ACCURACY, 0));
        String id = LifecycleIT.awaitRecord(model);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/v1/nonconformities/{id}", id)
                        .then()
                        .body("severity", equalTo("S1"))
                        .body("escalatedAt", notNullValue()));
        given().get("/v1/nonconformities/{id}/history", id)
                .then()
                .body("verified", equalTo(true))
                .body("entries.findAll { it.type == 'ESCALATED' }", hasSize(1))
                .body("statusFromHistory", equalTo("OPEN"));
    }

    /** Art. 73: a death gives 10 days from awareness; the record becomes a serious incident mapped to Art. 73. */
    @Test
    void aSeriousIncidentRunsItsArticle73Clock() {
        String model = "serious-" + UUID.randomUUID();
        String id = LifecycleIT.open(model);
        LifecycleIT.move(id, "{\"to\":\"ACKNOWLEDGED\",\"actor\":\"sam\",\"owner\":\"alice\"}")
                .statusCode(200);
        LifecycleIT.move(id, """
                        {"to":"CONTAINED","actor":"alice","containmentJustification":"model switched off",
                         "consequences":{"affectedGroups":["patients"],"harmCategories":["HEALTH"]},
                         "seriousIncident":{"assessed":true,"serious":true,"category":"UNKNOWN"}}""")
                .statusCode(422)
                .body("errors", hasItem(containsString("seriousIncident.category")))
                .body("errors", hasItem(containsString("seriousIncident.awareAt")));
        LifecycleIT.move(id, """
                        {"to":"CONTAINED","actor":"alice","containmentJustification":"model switched off",
                         "consequences":{"affectedGroups":["patients"],"harmCategories":["HEALTH"]},
                         "seriousIncident":{"assessed":true,"serious":true,"category":"DEATH",
                                            "awareAt":"2026-11-20T08:00:00Z"}}""")
                .statusCode(200)
                .body("recordClass", equalTo("SERIOUS_INCIDENT"))
                .body("seriousIncident.reportDeadline", equalTo("2026-11-30T08:00:00Z"))
                .body("requirementRefs.ref", hasItem("Art.73"));
        given().auth()
                .oauth2(JwtResource.token("alice", "governance"))
                .contentType("application/json")
                .body("{\"kind\":\"INITIAL\",\"at\":\"2026-11-22T09:00:00Z\",\"authority\":\"BfArM\","
                        + "\"reference\":\"SI-7\"}")
                .post("/v1/nonconformities/{id}/regulatory-reports", id)
                .then()
                .statusCode(200)
                .body("seriousIncident.initialReportAt", equalTo("2026-11-22T09:00:00Z"))
                .body("lifecycle.REGULATORY_REPORTS[0].by", equalTo("alice"));
        given().queryParam("deadlineBefore", "2026-12-01T00:00:00Z")
                .get("/v1/regulatory/serious-incidents")
                .then()
                .statusCode(200)
                .body("id", hasItem(id));
        given().queryParam("deadlineBefore", "2026-11-30T08:00:00Z")
                .get("/v1/regulatory/serious-incidents")
                .then()
                .statusCode(200)
                .body("findAll { it.id == '" + id + "' }", hasSize(0));
    }

    @Test
    void communicationsAreRecordedAndOnlySeriousIncidentsAreReportedToTheAuthority() {
        String id = LifecycleIT.open("notes-" + UUID.randomUUID());
        note(id, "communications", "{\"audience\":\"credit risk committee\"}")
                .statusCode(422)
                .body("errors", hasItem(containsString("channel")))
                .body("errors", hasItem(containsString("sentAt")));
        note(id, "communications", """
                        {"audience":"credit risk committee","channel":"email","sentAt":"2026-11-27T12:00:00Z"}""")
                .statusCode(200)
                .body("lifecycle.COMMUNICATIONS[0].audience", equalTo("credit risk committee"));
        note(id, "regulatory-reports", """
                        {"kind":"INITIAL","at":"2026-11-27T12:00:00Z","authority":"BfArM"}""").statusCode(409);
        given().get("/v1/nonconformities/{id}/history", id)
                .then()
                .body("verified", equalTo(true))
                .body("entries.type", hasItem("COMMUNICATION"));
    }

    /** A window back within bounds is noted on the record, which stays open. */
    @Test
    void aRecoveredSignalIsNotedButDoesNotCloseTheRecord() {
        String model = "recover-" + UUID.randomUUID();
        BreachEvent breach = IncidentIT.breach(model, T0, 0, 0.62);
        String id = LifecycleIT.open(model);
        WindowSummary next = new WindowSummary(T0.plusSeconds(900), T0.plusSeconds(1799), 5000, null, 1L);
        MetricResult ok = new MetricResult(
                Metric.DISPARATE_IMPACT_RATIO,
                "sex",
                "Female",
                "Male",
                null,
                0.93,
                1710L,
                3290L,
                null,
                0.4,
                Threshold.between(0.8, 1.25),
                Verdict.OK,
                null);
        try (TopicClient kafka =
                new TopicClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(
                    Topics.WINDOWS,
                    model,
                    new WindowReportEvent(
                            1,
                            EventIds.windowReport("fairness", model, 4, next, 0),
                            "fairness",
                            model,
                            breach.modelVersion(),
                            4,
                            next,
                            List.of(ok),
                            T0,
                            null));
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/v1/nonconformities/{id}", id)
                        .then()
                        .body("signalRecoveredAt", notNullValue())
                        .body("status", equalTo("OPEN")));
        given().get("/v1/nonconformities/{id}/history", id)
                .then()
                .body("verified", equalTo(true))
                .body("entries.type", hasItem("SIGNAL_RECOVERED"));
    }

    private static ValidatableResponse note(String id, String kind, String body) {
        return given().auth()
                .oauth2(JwtResource.token("alice", "governance"))
                .contentType("application/json")
                .body(body)
                .post("/v1/nonconformities/{id}/" + kind, id)
                .then();
    }

    static BreachEvent breach(String model, BreachKind kind, Metric metric, long sequence) {
        Instant start = T0.plusSeconds(900 * sequence);
        WindowSummary window = new WindowSummary(start, start.plusSeconds(899), 5000, null, sequence);
        String reportId = EventIds.windowReport("drift", model, 1, window, 0);
        MetricResult result = new MetricResult(
                metric,
                null,
                null,
                null,
                "income",
                0.2,
                5000L,
                null,
                null,
                null,
                Threshold.atMost(0.05),
                Verdict.BREACH,
                null);
        return new BreachEvent(
                1,
                EventIds.breach(reportId, result),
                reportId,
                "drift",
                kind,
                model,
                "1",
                1,
                window,
                result,
                start.plusSeconds(900),
                null);
    }
}
