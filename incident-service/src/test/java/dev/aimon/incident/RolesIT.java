package dev.aimon.incident;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;

import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The role matrix of the incident API: no token is 401; a token without a known role 403; auditor and sre read;
 * sre acknowledges but makes no other move; governance and admin make every move. Health and metrics need nothing.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_incident_test"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
class RolesIT {

    static final String[] READS = {
        "/v1/nonconformities",
        "/v1/nonconformities/%s",
        "/v1/nonconformities/%s/history",
        "/v1/nonconformities/%s/deliveries",
        "/v1/models/m/evidence",
        "/v1/regulatory/serious-incidents",
        "/v1/reports/management-review",
        "/v1/controls/A.6.2.6/evidence"
    };

    String id;

    @BeforeEach
    void aRecord() {
        RestAssured.requestSpecification = null;
        RestAssured.requestSpecification = as("setup", "admin");
        id = LifecycleIT.open("roles-" + UUID.randomUUID());
    }

    @Test
    void everyEndpointButHealthAndMetricsNeedsARole() {
        for (String path : READS) {
            String url = path.formatted(id);
            RestAssured.requestSpecification = null;
            given().get(url).then().statusCode(401);
            given().spec(as("ivan", "intern")).get(url).then().statusCode(403);
            for (String role : new String[] {"auditor", "sre", "governance", "admin"}) {
                given().spec(as("reader", role)).get(url).then().statusCode(200);
            }
        }
        RestAssured.requestSpecification = null;
        given().get("/q/health").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    /** Expired, foreign-signed and unsigned ({@code alg: none}) tokens are refused, whatever roles they claim. */
    @Test
    void badTokensAreRefused() {
        RestAssured.requestSpecification = null;
        for (String token : new String[] {
            JwtResource.expiredToken("eve", "admin"),
            JwtResource.foreignToken("eve", "admin"),
            JwtResource.unsignedToken("eve", "admin"),
            "not-a-token"
        }) {
            given().auth().oauth2(token).get("/v1/nonconformities").then().statusCode(401);
        }
        given().auth()
                .oauth2(JwtResource.token("ana", "admin"))
                .get("/v1/nonconformities")
                .then()
                .statusCode(200);
    }

    @Test
    void onlyGovernanceAndAdminRunTheLifecycleAndSreMayAcknowledge() {
        String contain = """
                {"to":"CONTAINED","containmentJustification":"shadow mode",
                 "consequences":{"affectedGroups":[],"harmCategories":[]},
                 "seriousIncident":{"assessed":true,"serious":false}}""";
        RestAssured.requestSpecification = null;
        move(null, "{\"to\":\"ACKNOWLEDGED\",\"owner\":\"x\"}", 401);
        move(as("audrey", "auditor"), "{\"to\":\"ACKNOWLEDGED\",\"owner\":\"x\"}", 403);
        move(as("ivan", "intern"), "{\"to\":\"ACKNOWLEDGED\",\"owner\":\"x\"}", 403);
        move(as("sid", "sre"), "{\"to\":\"ACKNOWLEDGED\",\"owner\":\"sid\"}", 200);
        move(as("sid", "sre"), contain, 403);
        move(as("greta", "governance"), contain, 200);
        move(as("adam", "admin"), "{\"to\":\"INVESTIGATING\"}", 200);
        given().spec(as("audrey", "auditor"))
                .get("/v1/nonconformities/{id}/history", id)
                .then()
                .statusCode(200)
                .body("entries.actor", hasItems("sid", "greta", "adam"));
    }

    private void move(RequestSpecification auth, String body, int status) {
        RequestSpecification request = auth == null ? given() : given().spec(auth);
        request.contentType(ContentType.JSON)
                .body(body)
                .post("/v1/nonconformities/{id}/transitions", id)
                .then()
                .statusCode(status);
    }

    private static RequestSpecification as(String subject, String role) {
        return new RequestSpecBuilder()
                .setAuth(RestAssured.oauth2(JwtResource.token(subject, role)))
                .build();
    }
}
