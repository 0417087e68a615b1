package dev.aimon.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.Topics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One nonconformity from OPEN to CLOSED through the API, with every field clause 10.2 asks for and each refusal on the
 * way; the history's hash chain, and what a direct edit of PostgreSQL does to it.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_incident_test"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class LifecycleIT {

    @BeforeEach
    void readAsAnAuditor() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .setAuth(RestAssured.oauth2(JwtResource.token("audrey", "auditor")))
                .build();
    }

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Pattern ACTOR = Pattern.compile("\"actor\":\"([^\"]+)\"");

    @Test
    void aNonconformityWalksFromOpenToClosedAndEveryShortcutIsRefused() {
        String model = "walk-" + UUID.randomUUID();
        String id = open(model);
        given().get("/v1/nonconformities/{id}", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("sourceBreachIds", hasSize(1))
                .body("requirementRefs.ref", hasItems("9.1", "A.6.2.6", "MEASURE 2.11", "Art.72"))
                .body(
                        "requirementRefs.find { it.ref == 'A.6.2.6' }.title",
                        equalTo("AI system operation and monitoring"));

        // A jump ahead is a conflict; a move without what it needs names what is missing.
        move(id, "{\"to\":\"CLOSED\",\"actor\":\"carol\",\"result\":\"EFFECTIVE\"}")
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("cannot move from OPEN to CLOSED"));
        move(id, "{\"to\":\"ACKNOWLEDGED\"}").statusCode(422).body("errors", hasItem(containsString("owner")));
        move(id, "{\"to\":\"ACKNOWLEDGED\",\"actor\":\"sam\",\"owner\":\"alice\"}")
                .statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"))
                .body("lifecycle.ACKNOWLEDGED.owner", equalTo("alice"))
                .body("lifecycle.ACKNOWLEDGED.by", equalTo("sam"));

        move(
                        id,
                        "{\"to\":\"CONTAINED\",\"actor\":\"alice\",\"containmentActions\":[{\"description\":\"manual review\"}]}")
                .statusCode(422)
                .body("errors", hasItem(containsString("containmentActions[0].by")))
                .body("errors", hasItem(containsString("consequences")))
                .body("errors", hasItem(containsString("seriousIncident")));
        move(id, """
                        {"to":"CONTAINED","actor":"alice",
                         "containmentActions":[{"description":"decisions for women routed to manual review","by":"alice",
                                                "at":"2026-11-27T11:00:00Z"}],
                         "consequences":{"affectedGroups":["sex=Female"],"harmCategories":["FUNDAMENTAL_RIGHTS"]},
                         "seriousIncident":{"assessed":true,"serious":false}}""").statusCode(200).body("status", equalTo("CONTAINED"));
        move(id, "{\"to\":\"INVESTIGATING\",\"actor\":\"alice\"}").statusCode(200);
        move(id, "{\"to\":\"ACTION_PLANNED\",\"actor\":\"alice\",\"correctiveActionNeeded\":true}")
                .statusCode(422)
                .body("errors", hasItem(containsString("rootCause")))
                .body("errors", hasItem(containsString("similarCheck.result")))
                .body("errors", hasItem(containsString("actions")));
        move(id, """
                        {"to":"ACTION_PLANNED","actor":"alice",
                         "rootCause":{"method":"5 whys","category":"DATA","description":"training data under-represents women",
                                      "analyst":"alice"},
                         "similarCheck":{"relatedIds":[],"result":"no similar record for this model"},
                         "correctiveActionNeeded":true,
                         "actions":[{"description":"retrain with reweighing","owner":"dave","dueDate":"2026-12-15"}]}""").statusCode(200).body("status", equalTo("ACTION_PLANNED"));
        move(id, "{\"to\":\"PENDING_EFFECTIVENESS\",\"actor\":\"dave\",\"effectivenessCriteria\":\"x\"}")
                .statusCode(422)
                .body("errors", hasItem(containsString("action 1 is not done")))
                .body("errors", hasItem(containsString("reviewDue")));
        move(id, """
                        {"to":"PENDING_EFFECTIVENESS","actor":"dave",
                         "completions":[{"action":1,"completedAt":"2026-12-10T09:00:00Z","evidence":"model 3.3.0 released",
                                         "changeReference":"ML-1234"}],
                         "effectivenessCriteria":"disparate impact within [0.8, 1.25] for 14 consecutive windows",
                         "reviewDue":"2027-01-10"}""").statusCode(200).body("status", equalTo("PENDING_EFFECTIVENESS"));

        // Segregation of duties: the owner of a corrective action cannot review its effectiveness.
        move(id, "{\"to\":\"CLOSED\",\"actor\":\"dave\",\"result\":\"EFFECTIVE\"}")
                .statusCode(409)
                .body("detail", containsString("segregation of duties"));
        move(id, "{\"to\":\"CLOSED\",\"actor\":\"carol\"}")
                .statusCode(422)
                .body("errors", hasItem(containsString("result")));
        move(id, "{\"to\":\"CLOSED\",\"actor\":\"carol\",\"result\":\"EFFECTIVE\",\"evidence\":[\"report-1\"]}")
                .statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("closedAt", org.hamcrest.Matchers.notNullValue());
        move(id, "{\"to\":\"INVESTIGATING\",\"actor\":\"carol\"}")
                .statusCode(409)
                .body("detail", containsString("CLOSED is final"));

        given().get("/v1/nonconformities/{id}/history", id)
                .then()
                .statusCode(200)
                .body("verified", equalTo(true))
                .body("entries", hasSize(7))
                .body("entries[0].type", equalTo("CREATED"))
                .body("entries[0].prevHash", equalTo("0".repeat(64)))
                .body("entries[6].actor", equalTo("carol"))
                .body("statusFromHistory", equalTo("CLOSED"));
        given().get("/v1/nonconformities/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aDismissalNeedsASecondPerson() {
        String id = open("dismiss-" + UUID.randomUUID());
        move(id, "{\"to\":\"DISMISSED\",\"actor\":\"erin\"}")
                .statusCode(422)
                .body("errors", hasItem(containsString("reason")));
        move(id, "{\"to\":\"DISMISSED\",\"actor\":\"erin\",\"reason\":\"FALSE_POSITIVE\"}")
                .statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("lifecycle.DISMISSAL_REQUESTED.by", equalTo("erin"));
        move(id, "{\"to\":\"DISMISSED\",\"actor\":\"erin\"}")
                .statusCode(409)
                .body("detail", containsString("second person"));
        move(id, "{\"to\":\"DISMISSED\",\"actor\":\"frank\"}").statusCode(200).body("status", equalTo("DISMISSED"));
    }

    /** The table refuses edits; an edit made anyway (the trigger switched off, as a DBA could) breaks the chain. */
    @Test
    void aDirectEditOfTheHistoryInPostgresqlFailsVerification() throws SQLException {
        String id = open("tamper-" + UUID.randomUUID());
        move(id, "{\"to\":\"ACKNOWLEDGED\",\"actor\":\"sam\",\"owner\":\"alice\"}")
                .statusCode(200);
        given().get("/v1/nonconformities/{id}/history", id).then().body("verified", equalTo(true));
        try (Connection c = database();
                Statement s = c.createStatement()) {
            String edit = "update nonconformity_event set change = replace(change, 'alice', 'mallory')"
                    + " where nonconformity_id = '" + id + "' and seq = 2";
            assertThatThrownBy(() -> s.executeUpdate(edit)).hasMessageContaining("append-only");
            s.execute("set session_replication_role = replica");
            assertThat(s.executeUpdate(edit)).isEqualTo(1);
            s.execute("set session_replication_role = origin");
        }

        given().get("/v1/nonconformities/{id}/history", id)
                .then()
                .statusCode(200)
                .body("verified", equalTo(false))
                .body("chain.brokenAt", equalTo(2))
                .body("chain.reason", containsString("changed"));
    }

    /**
     * A row deleted from the middle of a history, or a row inserted with a made-up hash, directly in PostgreSQL (the
     * trigger switched off): either breaks the chain at that entry.
     */
    @Test
    void aRowDeletedOrInsertedInPostgresqlFailsVerification() throws SQLException {
        String deleted = open("tamper-delete-" + UUID.randomUUID());
        String inserted = open("tamper-insert-" + UUID.randomUUID());
        for (String id : List.of(deleted, inserted)) {
            move(id, "{\"to\":\"ACKNOWLEDGED\",\"actor\":\"sam\",\"owner\":\"alice\"}")
                    .statusCode(200);
            move(id, "{\"to\":\"DISMISSED\",\"actor\":\"sam\",\"reason\":\"FALSE_POSITIVE\"}")
                    .statusCode(200);
            given().get("/v1/nonconformities/{id}/history", id).then().body("verified", equalTo(true));
        }
        try (Connection c = database();
                Statement s = c.createStatement()) {
            String delete = "delete from nonconformity_event where nonconformity_id = '" + deleted + "' and seq = 2";
            assertThatThrownBy(() -> s.executeUpdate(delete)).hasMessageContaining("append-only");
            s.execute("set session_replication_role = replica");
            assertThat(s.executeUpdate(delete)).isEqualTo(1);
            assertThat(s.executeUpdate("insert into nonconformity_event"
                            + " (nonconformity_id, seq, type, actor, at, change, prev_hash, hash)"
                            + " select nonconformity_id, 4, 'NOTE', 'mallory', now(), '{}', hash, repeat('0', 64)"
                            + " from nonconformity_event where nonconformity_id = '" + inserted + "' and seq = 3"))
                    .isEqualTo(1);
            s.execute("set session_replication_role = origin");
        }
        given().get("/v1/nonconformities/{id}/history", deleted)
                .then()
                .body("verified", equalTo(false))
                .body("chain.brokenAt", equalTo(3));
        given().get("/v1/nonconformities/{id}/history", inserted)
                .then()
                .body("verified", equalTo(false))
                .body("chain.brokenAt", equalTo(4));
    }

    @Test
    void aRepeatAfterClosingReopensTheRecord() {
        String model = "recur-" + UUID.randomUUID();
        String id = open(model);
        close(id);
        BreachEvent again = IncidentIT.breach(model, T0.plusSeconds(3600), 4, 0.55);
        send(again);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> given().get("/v1/nonconformities/{id}", id).then().body("status", equalTo("REOPENED")));
        given().queryParam("modelId", model).get("/v1/nonconformities").then().body("$", hasSize(1));
        move(id, "{\"to\":\"INVESTIGATING\",\"actor\":\"alice\"}").statusCode(200);
        given().get("/v1/nonconformities/{id}/history", id)
                .then()
                .body("verified", equalTo(true))
                .body("entries.type", hasItem("REOPENED"));
    }

    @Test
    void theListFiltersByRequirementFrameworkOwnerDatesAndOverdue() {
        String model = "filters-" + UUID.randomUUID();
        String id = open(model);
        assertThat(count(model, "requirement", "ISO42001:A.6.2.6")).isEqualTo(1);
        assertThat(count(model, "requirement", "ISO42001:A.9.4"))
                .as("a drift control")
                .isZero();
        assertThat(count(model, "framework", "EU-AI-ACT")).isEqualTo(1);
        assertThat(count(model, "status", "OPEN")).isEqualTo(1);
        assertThat(count(model, "openedTo", "2000-01-01T00:00:00Z")).isZero();
        assertThat(count(model, "overdue", "true")).isZero();
        move(id, "{\"to\":\"ACKNOWLEDGED\",\"actor\":\"sam\",\"owner\":\"grace\"}")
                .statusCode(200);
        move(id, """
                        {"to":"CONTAINED","actor":"grace","containmentJustification":"shadow mode",
                         "consequences":{"affectedGroups":[],"harmCategories":[]},
                         "seriousIncident":{"assessed":true,"serious":false}}""").statusCode(200);
        move(id, "{\"to\":\"INVESTIGATING\",\"actor\":\"grace\"}").statusCode(200);
        move(id, """
                        {"to":"ACTION_PLANNED","actor":"grace",
                         "rootCause":{"method":"review","category":"DATA","description":"skewed sample"},
                         "similarCheck":{"result":"none"},"correctiveActionNeeded":true,
                         "actions":[{"description":"resample","owner":"heidi","dueDate":"2026-01-31"}]}""").statusCode(200).body("lifecycle.ACTION_PLANNED.actions[0].owner", equalTo("heidi"));
        assertThat(count(model, "owner", "grace")).isEqualTo(1);
        assertThat(count(model, "overdue", "true"))
                .as("its action was due on 2026-01-31")
                .isEqualTo(1);
        given().queryParam("sort", "colour").get("/v1/nonconformities").then().statusCode(400);
        given().queryParam("openedFrom", "yesterday")
                .get("/v1/nonconformities")
                .then()
                .statusCode(400);
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics)
                .containsPattern("aimon_nonconformities_open\\{kind=\"FAIRNESS\",severity=\"S2\"} [1-9]")
                .containsPattern("aimon_nonconformity_age_seconds\\{severity=\"S2\"} [0-9]");
    }

    private static int count(String model, String filter, String value) {
        return given().queryParam("modelId", model)
                .queryParam(filter, value)
                .get("/v1/nonconformities")
                .then()
                .statusCode(200)
                .extract()
                .path("size()");
    }

    static void close(String id) {
        move(id, "{\"to\":\"ACKNOWLEDGED\",\"actor\":\"sam\",\"owner\":\"alice\"}")
                .statusCode(200);
        move(id, """
                        {"to":"CONTAINED","actor":"alice","containmentJustification":"low volume model",
                         "consequences":{"affectedGroups":[],"harmCategories":[]},
                         "seriousIncident":{"assessed":true,"serious":false}}""").statusCode(200);
        move(id, "{\"to\":\"INVESTIGATING\",\"actor\":\"alice\"}").statusCode(200);
        move(id, """
                        {"to":"ACTION_PLANNED","actor":"alice",
                         "rootCause":{"method":"review","category":"NOISE","description":"seasonal mix"},
                         "similarCheck":{"result":"none"},"correctiveActionNeeded":false,
                         "noActionJustification":"no change needed"}""").statusCode(200);
        move(id, """
                        {"to":"PENDING_EFFECTIVENESS","actor":"alice","effectivenessCriteria":"4 clean windows",
                         "reviewDue":"2027-01-10"}""").statusCode(200);
        move(id, "{\"to\":\"CLOSED\",\"actor\":\"carol\",\"result\":\"EFFECTIVE\"}")
                .statusCode(200);
    }

    /** A breach on the real broker, and the id of the record it opens. */
    static String open(String model) {
        send(IncidentIT.breach(model, T0, 0, 0.62));
        return awaitRecord(model);
    }

    /** The id of the first record of a model, once there is one. */
    static String awaitRecord(String model) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> given().queryParam("modelId", model)
                                .get("/v1/nonconformities")
                                .then()
                                .extract()
                                .path("[0].id"),
                        v -> v != null)
                .toString();
    }

    static void send(BreachEvent breach) {
        try (TopicClient kafka =
                new TopicClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.BREACHES, breach.modelId(), breach);
        }
    }

    /** A move by the body's actor, as a person with the governance role. */
    /** A connection to the service's database, as a DBA (or an intruder) would have. */
    static Connection database() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    static ValidatableResponse move(String id, String body) {
        Matcher actor = ACTOR.matcher(body);
        String subject = actor.find() ? actor.group(1) : "nobody";
        return given().auth()
                .oauth2(JwtResource.token(subject, "governance"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/nonconformities/{id}/transitions", id)
                .then();
    }
}
