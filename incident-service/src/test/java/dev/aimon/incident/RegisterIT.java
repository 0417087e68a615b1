package dev.aimon.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.audit.Ledger;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The register as a whole, edited directly in PostgreSQL with the triggers off (as a superuser can): a record deleted
 * whole, a history entry rewritten with its hashes recomputed, and the whole ledger rewritten, are each found by
 * {@code GET /v1/audit/register}, which says where. The other test classes of this module tamper with the same
 * database, so each check looks at the problems of its own record.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_incident_test"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegisterIT {

    @BeforeEach
    void readAsAnAuditor() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .setAuth(RestAssured.oauth2(JwtResource.token("audrey", "auditor")))
                .build();
    }

    private static JsonPath register() {
        return given().get("/v1/audit/register")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The problems the register's verification names at a place that contains {@code text}. */
    private static List<String> problemsAt(JsonPath register, String text) {
        List<String> found = new ArrayList<>();
        List<Map<String, String>> problems = register.getList("problems");
        for (Map<String, String> p : problems) {
            if (p.get("where").contains(text)) {
                found.add(p.get("where") + ": " + p.get("what"));
            }
        }
        return found;
    }

    private static Map<String, Object> anchorNow() {
        return given().auth()
                .oauth2(JwtResource.token("gail", "governance"))
                .post("/v1/audit/anchors")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
    }

    @Test
    @Order(1)
    void aRecordDeletedWholeIsFound() throws SQLException {
        String id = LifecycleIT.open("register-delete-" + UUID.randomUUID());
        assertThat(problemsAt(register(), id)).isEmpty();
        try (Connection c = LifecycleIT.database();
                Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.executeUpdate("delete from nonconformity_event where nonconformity_id = '" + id + "'");
            s.executeUpdate("delete from nonconformity where id = '" + id + "'");
            s.execute("set session_replication_role = origin");
        }
        assertThat(problemsAt(register(), id))
                .singleElement()
                .asString()
                .isEqualTo("record " + id + ": in the ledger (entry " + ledgerSeq(id + "/1")
                        + ") but no longer in the database");
    }

    @Test
    @Order(2)
    void anEntryRewrittenWithItsHashesRecomputedIsFound() throws SQLException {
        String model = "register-rewrite-" + UUID.randomUUID();
        String id = LifecycleIT.open(model);
        LifecycleIT.send(IncidentIT.breach(model, LifecycleIT.T0.plusSeconds(900), 1, 0.6));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> given().get("/v1/nonconformities/{id}", id).then().body("occurrences", equalTo(2)));
        try (Connection c = LifecycleIT.database();
                Statement s = c.createStatement()) {
            AuditChain.Entry e;
            try (ResultSet rs = s.executeQuery("select seq, type, actor, at, change, prev_hash from nonconformity_event"
                    + " where nonconformity_id = '" + id + "' and seq = 2")) {
                rs.next();
                String change = rs.getString(5).replace("\"value\":0.6", "\"value\":0.9");
                assertThat(change).contains("\"value\":0.9");
                java.time.Instant at = rs.getTimestamp(4).toInstant();
                e = new AuditChain.Entry(
                        2,
                        rs.getString(2),
                        rs.getString(3),
                        at,
                        change,
                        rs.getString(6),
                        AuditChain.hash(2, rs.getString(2), rs.getString(3), at, change, rs.getString(6)));
            }
            s.execute("set session_replication_role = replica");
            try (PreparedStatement u = c.prepareStatement(
                    "update nonconformity_event set change = ?, hash = ? where nonconformity_id = ?::uuid and seq = 2")) {
                u.setString(1, e.change());
                u.setString(2, e.hash());
                u.setString(3, id);
                assertThat(u.executeUpdate()).isEqualTo(1);
            }
            s.execute("set session_replication_role = origin");
        }
        // The record's own history verifies (the rewrite was thorough, and the row does not show the value) ...
        given().get("/v1/nonconformities/{id}/history", id).then().body("verified", equalTo(true));
        // ... the register's ledger does not.
        assertThat(problemsAt(register(), id))
                .singleElement()
                .asString()
                .isEqualTo(id + "/2: changed since it entered the ledger (entry " + ledgerSeq(id + "/2")
                        + "): the hash differs");
    }

    @Test
    @Order(3)
    void aLedgerRewrittenWholeIsFoundAgainstTheHeadPublishedOutsideTheDatabase() throws Exception {
        LifecycleIT.open("register-ledger-" + UUID.randomUUID());
        Map<String, Object> head = anchorNow();
        long seq = ((Number) head.get("seq")).longValue();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(register().getLong("publishedHead.seq")).isEqualTo(seq));
        assertThat(problemsAt(register(), "head")).isEmpty();

        // Someone rewrites the ledger whole, consistent with what the database now holds, in another order.
        try (Connection c = LifecycleIT.database();
                Statement s = c.createStatement()) {
            List<String[]> subjects = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("select kind, subject, subject_hash from audit_ledger order by subject")) {
                while (rs.next()) {
                    subjects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            s.execute("set session_replication_role = replica");
            s.executeUpdate("delete from audit_ledger");
            s.executeUpdate("delete from audit_anchor");
            Ledger.Entry previous = null;
            try (PreparedStatement insert = c.prepareStatement("insert into audit_ledger"
                    + " (seq, at, kind, subject, subject_hash, prev_hash, hash) values (?, now(), ?, ?, ?, ?, ?)")) {
                for (String[] subject : subjects) {
                    previous = Ledger.next(previous, Ledger.Kind.valueOf(subject[0]), subject[1], subject[2]);
                    insert.setLong(1, previous.seq());
                    insert.setString(2, previous.kind().name());
                    insert.setString(3, previous.subject());
                    insert.setString(4, previous.subjectHash());
                    insert.setString(5, previous.prevHash());
                    insert.setString(6, previous.hash());
                    insert.executeUpdate();
                }
            }
            s.execute("set session_replication_role = origin");
        }
        JsonPath after = register();
        assertThat(problemsAt(after, "ledger")).isEmpty(); // the rewritten chain holds together
        assertThat(problemsAt(after, "head"))
                .singleElement()
                .asString()
                .startsWith("the last head published on aimon.audit: signed entry " + seq + " with hash "
                        + head.get("hash") + ", which the ledger no longer holds");
        given().get("/v1/audit/key").then().statusCode(200).body("algorithm", equalTo("Ed25519"));
    }

    private static long ledgerSeq(String subject) throws SQLException {
        try (Connection c = LifecycleIT.database();
                PreparedStatement s = c.prepareStatement("select seq from audit_ledger where subject = ?")) {
            s.setString(1, subject);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("ledger entry of " + subject).isTrue();
                return rs.getLong(1);
            }
        }
    }
}
