package dev.aimon.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an edit made directly in PostgreSQL does, by someone who can switch the triggers off (a superuser, as the
 * service's own connection is): each column of a record edited in turn is found by the verification of the record's
 * history, and named; the evidence tables refuse UPDATE, DELETE and TRUNCATE, and a record refuses DELETE.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_incident_test"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class TamperIT {

    @BeforeEach
    void readAsAnAuditor() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .setAuth(RestAssured.oauth2(JwtResource.token("audrey", "auditor")))
                .build();
    }

    /** An edit of each column, as an expression of its type that differs from the value, null or not. */
    private static String edited(String column, String type) {
        return switch (type) {
            case "text" -> "coalesce(" + column + ", '') || 'x'";
            case "integer", "bigint", "double precision" -> "coalesce(" + column + ", 0) + 1";
            case "timestamp with time zone" -> "coalesce(" + column + ", now()) + interval '1 second'";
            case "date" -> "coalesce(" + column + ", current_date) + 1";
            default -> throw new IllegalArgumentException(column + " is of a type this test does not edit: " + type);
        };
    }

    @Test
    void anEditOfAnyColumnOfARecordIsFoundAndNamed() throws SQLException {
        String model = "tamper-columns-" + UUID.randomUUID();
        String id = aRecordWithEverySection(model);
        history(id).body("verified", equalTo(true)).body("differences.size()", equalTo(0));

        Map<String, String> columns = new LinkedHashMap<>();
        List<String> undetected = new ArrayList<>();
        try (Connection c = LifecycleIT.database();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select column_name, data_type from information_schema.columns"
                    + " where table_name = 'nonconformity' and table_schema = current_schema()"
                    + " order by ordinal_position")) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
            assertThat(columns)
                    .hasSizeGreaterThan(40)
                    .containsKeys("severity", "owner", "lifecycle", "report_deadline");
            s.execute("create temp table original as select * from nonconformity where id = '" + id + "'");
            for (Map.Entry<String, String> column : columns.entrySet()) {
                String name = column.getKey();
                if (name.equals("id")) {
                    continue; // below: the history refers to it
                }
                assertThat(s.executeUpdate("update nonconformity set " + name + " = " + edited(name, column.getValue())
                                + " where id = '" + id + "'"))
                        .isEqualTo(1);
                JsonPath found = history(id).statusCode(200).extract().jsonPath();
                if (found.getBoolean("verified")
                        || !found.getList("differences.column").equals(List.of(name))) {
                    undetected.add(name + " (" + found.getList("differences.column") + ")");
                }
                s.executeUpdate(
                        "update nonconformity n set " + name + " = o." + name + " from original o where n.id = o.id");
            }
        }
        assertThat(undetected)
                .as("edits the verification did not find, or found under another name")
                .isEmpty();
        history(id).body("verified", equalTo(true)).body("differences.size()", equalTo(0));
    }

    @Test
    void anEditOfAValueNamesBothValues() throws SQLException {
        String id = LifecycleIT.open("tamper-severity-" + UUID.randomUUID());
        try (Connection c = LifecycleIT.database();
                Statement s = c.createStatement()) {
            s.executeUpdate("update nonconformity set severity = 'S4', value = 0.9 where id = '" + id + "'");
        }
        history(id)
                .body("verified", equalTo(false))
                .body("chain.verified", equalTo(true))
                .body("differences.column", equalTo(List.of("severity", "value")))
                .body("differences[0].fromHistory", equalTo("S2"))
                .body("differences[0].stored", equalTo("S4"))
                .body("differences[1].fromHistory", equalTo("0.62"))
                .body("differences[1].stored", equalTo("0.9"));

        // The exports an auditor takes away say the same.
        String verification = given().get("/v1/exports/bundle.json")
                .then()
                .statusCode(200)
                .extract()
                .path("files.'verification.json'");
        Map<String, Object> found = JsonPath.from(verification).getMap("'" + id + "'");
        assertThat(found).containsEntry("verified", false);
        assertThat(found.get("differences").toString())
                .contains("column=severity")
                .contains("stored=S4");
        assertThat(given().get("/v1/exports/audit-pack.html")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("The record is not what its history makes it: severity is S4, its history says S2");
        // And the console's page of the record, each entry's values one per line.
        assertThat(given().get("/console/nonconformities/{id}", id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("Columns of the record that its history does not explain")
                .contains("<td><code>severity</code></td><td><code>S4</code></td><td><code>S2</code></td>")
                .contains("<dt>breach.result.value</dt><dd>0.62</dd>")
                .contains("<dt>breach.result.threshold.lower</dt><dd>0.8</dd>");
    }

    @Test
    void theEvidenceTablesRefuseEveryEditAndARecordRefusesDeletion() throws SQLException {
        String model = "tamper-refused-" + UUID.randomUUID();
        String id = LifecycleIT.open(model);
        try (Connection c = LifecycleIT.database();
                Statement s = c.createStatement()) {
            // A row in each table that may be empty here (appending is what they allow).
            s.executeUpdate("insert into webhook_delivery (delivery_id, attempt, url, event, nonconformity_id, at)"
                    + " values (gen_random_uuid(), 1, 'http://example.invalid', 'OPENED', '" + id + "', now())");
            s.executeUpdate("insert into window_report (report_id, service, model_id, plan_version, window_events,"
                    + " results, breaches, received_at, report) values ('" + model + "', 'fairness', '" + model
                    + "', 1, 1, 0, 0, now(), '{}')");
            for (String table :
                    List.of("nonconformity_event", "monitoring_event", "window_report", "webhook_delivery")) {
                String column = firstColumn(c, table);
                assertThatThrownBy(() -> s.execute("update " + table + " set " + column + " = " + column))
                        .as(table)
                        .hasMessageContaining(table + " is append-only: UPDATE refused");
                assertThatThrownBy(() -> s.execute("delete from " + table))
                        .as(table)
                        .hasMessageContaining(table + " is append-only: DELETE refused");
                assertThatThrownBy(() -> s.execute("truncate " + table + " cascade"))
                        .as(table)
                        .hasMessageContaining("is append-only: TRUNCATE refused");
            }
            assertThatThrownBy(() -> s.execute("delete from nonconformity where id = '" + id + "'"))
                    .hasMessageContaining("nonconformity is append-only: DELETE refused");
            assertThatThrownBy(() -> s.execute("truncate nonconformity cascade"))
                    .hasMessageContaining("TRUNCATE refused");
        }
        history(id).body("verified", equalTo(true));
    }

    private static String firstColumn(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select column_name from information_schema.columns where table_name = '"
                        + table + "' and table_schema = current_schema() order by ordinal_position limit 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A record with a second breach, every step to ACTION_PLANNED, a serious incident's clock and notes. */
    private static String aRecordWithEverySection(String model) {
        String id = LifecycleIT.open(model);
        LifecycleIT.send(IncidentIT.breach(model, LifecycleIT.T0.plusSeconds(900), 1, 0.6));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> given().get("/v1/nonconformities/{id}", id).then().body("occurrences", equalTo(2)));
        LifecycleIT.move(id, "{\"to\":\"ACKNOWLEDGED\",\"actor\":\"sam\",\"owner\":\"alice\"}")
                .statusCode(200);
        LifecycleIT.move(id, """
                        {"to":"CONTAINED","actor":"alice","containmentJustification":"model switched off",
                         "consequences":{"affectedGroups":["applicants"],"harmCategories":["FUNDAMENTAL_RIGHTS"]},
                         "seriousIncident":{"assessed":true,"serious":true,"category":"FUNDAMENTAL_RIGHTS_INFRINGEMENT",
                                            "awareAt":"2026-11-27T11:00:00.123456Z"}}""").statusCode(200);
        LifecycleIT.move(id, "{\"to\":\"INVESTIGATING\",\"actor\":\"alice\"}").statusCode(200);
        LifecycleIT.move(id, """
                        {"to":"ACTION_PLANNED","actor":"alice",
                         "rootCause":{"method":"5 whys","category":"DATA","description":"a new branch's applicants"},
                         "similarCheck":{"result":"none"},"correctiveActionNeeded":true,
                         "actions":[{"description":"retrain","owner":"bob","dueDate":"2027-01-15"}]}""").statusCode(200);
        given().auth()
                .oauth2(JwtResource.token("alice", "governance"))
                .contentType("application/json")
                .body("{\"kind\":\"INITIAL\",\"at\":\"2026-11-28T09:00:00Z\",\"authority\":\"AP\"}")
                .post("/v1/nonconformities/{id}/regulatory-reports", id)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(JwtResource.token("alice", "governance"))
                .contentType("application/json")
                .body("{\"audience\":\"credit committee\",\"channel\":\"email\",\"sentAt\":\"2026-11-28T10:00:00Z\"}")
                .post("/v1/nonconformities/{id}/communications", id)
                .then()
                .statusCode(200);
        return id;
    }

    private static io.restassured.response.ValidatableResponse history(String id) {
        return given().get("/v1/nonconformities/{id}/history", id).then();
    }
}
