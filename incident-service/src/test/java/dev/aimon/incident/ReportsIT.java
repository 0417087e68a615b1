package dev.aimon.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import dev.aimon.events.EventIds;
import dev.aimon.events.EventJson;
import dev.aimon.events.Topics;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.events.WindowSummary;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The governance reports over real records: control evidence with its gaps, the review, and the three exports. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_incident_test"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class ReportsIT {

    @BeforeEach
    void readAsAnAuditor() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .setAuth(RestAssured.oauth2(JwtResource.token("audrey", "auditor")))
                .build();
    }

    /** Windows 10:00-10:15, 10:15-10:30 and 12:00-12:15 in 09:00-14:00: gaps 10:30-12:00 and 12:15-14:00 (> 1 h). */
    @Test
    void aControlsEvidenceCountsWindowsAndFindsTheGaps() {
        String model = "coverage-" + UUID.randomUUID();
        try (TopicClient kafka =
                new TopicClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            for (String[] w : new String[][] {{"10:00", "10:15"}, {"10:15", "10:30"}, {"12:00", "12:15"}}) {
                kafka.send(Topics.WINDOWS, model, report(model, at(w[0]), at(w[1])));
            }
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        given().get("/v1/models/{m}/evidence", model).then().body("windowReports", equalTo(3)));

        given().queryParam("from", "2026-11-27T09:00:00Z")
                .queryParam("to", "2026-11-27T14:00:00Z")
                .get("/v1/controls/{ref}/evidence", "ISO42001:A.5.4")
                .then()
                .statusCode(200)
                .body("control.title", equalTo("Assessing AI system impact on individuals or groups of individuals"))
                .body("breachKinds", equalTo(List.of("FAIRNESS")))
                .body("windowsMonitored", greaterThanOrEqualTo(3))
                .body("models", hasItem(model))
                .body("gaps.'" + model + "'.from", equalTo(List.of("2026-11-27T10:30:00Z", "2026-11-27T12:15:00Z")))
                .body("gaps.'" + model + "'.to", equalTo(List.of("2026-11-27T12:00:00Z", "2026-11-27T14:00:00Z")));
        given().get("/v1/controls/{ref}/evidence", "ISO42001:A.99").then().statusCode(404);
        given().queryParam("from", "yesterday")
                .get("/v1/controls/{ref}/evidence", "A.6.2.6")
                .then()
                .statusCode(400);
    }

    @Test
    void theReviewAndTheExportsCoverAClosedRecordAndTheBundleMatchesItsManifest() throws Exception {
        String model = "export-" + UUID.randomUUID();
        String id = LifecycleIT.open(model);
        LifecycleIT.close(id);
        String ref =
                given().get("/v1/nonconformities/{id}", id).then().extract().path("ref");

        given().get("/v1/reports/management-review")
                .then()
                .statusCode(200)
                .body("opened", greaterThanOrEqualTo(1))
                .body("closed", greaterThanOrEqualTo(1))
                .body("effectivenessReviews", greaterThanOrEqualTo(1))
                .body("timeToClose.count", greaterThanOrEqualTo(1));

        String csv = given().get("/v1/exports/nonconformities.csv")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        assertThat(csv).startsWith("ref,id,status,").contains(ref + "," + id + ",CLOSED,");

        JsonNode bundle = EventJson.mapper()
                .readTree(given().get("/v1/exports/bundle.json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        String manifestText = bundle.path("manifest").asText();
        assertThat(bundle.path("manifestSha256").asText()).isEqualTo(sha256(manifestText));
        JsonNode manifest = EventJson.mapper().readTree(manifestText);
        int checked = 0;
        for (Iterator<JsonNode> it = manifest.path("files").elements(); it.hasNext(); checked++) {
            JsonNode file = it.next();
            String text = bundle.path("files").path(file.path("name").asText()).asText();
            assertThat(sha256(text))
                    .as(file.path("name").asText())
                    .isEqualTo(file.path("sha256").asText());
        }
        assertThat(checked).isEqualTo(5);
        assertThat(bundle.path("files").path("nonconformities.json").asText()).contains(id);
        Map<?, ?> verification = EventJson.mapper()
                .readValue(bundle.path("files").path("verification.json").asText(), Map.class);
        assertThat(verification.get(id)).asString().contains("verified=true");

        given().get("/v1/exports/audit-pack.html")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString(ref + " — CLOSED"))
                .body(containsString("The history verifies: its chain, and every column of the record against it."));
        given().auth()
                .oauth2(JwtResource.token("sid", "sre"))
                .get("/v1/exports/nonconformities.csv")
                .then()
                .statusCode(403);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-27T" + hhmm + ":00Z");
    }

    private static WindowReportEvent report(String model, Instant start, Instant end) {
        WindowSummary window = new WindowSummary(start, end, 1000, null, null);
        return new WindowReportEvent(
                1,
                EventIds.windowReport("fairness", model, 1, window, 0),
                "fairness",
                model,
                "1",
                1,
                window,
                List.of(),
                end,
                null);
    }
}
