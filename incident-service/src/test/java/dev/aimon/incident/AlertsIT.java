package dev.aimon.incident;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.devkit.alert.AlertmanagerResource;
import dev.aimon.devkit.alert.WebhookReceiver;
import dev.aimon.devkit.auth.JwtResource;
import dev.aimon.devkit.kafka.KafkaBrokerResource;
import dev.aimon.devkit.postgres.PostgresDatabaseResource;
import dev.aimon.events.EventJson;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record opens and closes: a real Alertmanager (Debian's prometheus-alertmanager, which .ci/run installs) shows its
 * alert while it is in progress and ends it when it closes; a webhook endpoint that fails twice gets the signed
 * deliveries on the third attempt, and the delivery log has every attempt.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
        value = PostgresDatabaseResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "aimon_incident_test"))
@WithTestResource(value = JwtResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AlertmanagerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = WebhookReceiver.class, scope = TestResourceScope.GLOBAL)
class AlertsIT {

    @BeforeEach
    void readAsAnAuditor() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .setAuth(RestAssured.oauth2(JwtResource.token("audrey", "auditor")))
                .build();
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anOpenRecordIsAnAlertUntilItClosesAndWebhooksAreSignedAndRetried() throws Exception {
        assumeThat(AlertmanagerResource.url())
                .as("a real Alertmanager: apt-get install prometheus-alertmanager (.ci/run does)")
                .isNotNull();
        String model = "alerts-" + UUID.randomUUID();
        WebhookReceiver.failNext(2);
        String id = LifecycleIT.open(model);

        JsonNode alert = await().atMost(Duration.ofSeconds(30))
                .until(() -> alerts(model), list -> list.size() == 1)
                .get(0);
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("AimonNonconformity");
        assertThat(alert.path("labels").path("kind").asText()).isEqualTo("FAIRNESS");
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("S2");
        assertThat(alert.path("labels").path("metric").asText()).isEqualTo("DISPARATE_IMPACT_RATIO");
        assertThat(alert.path("labels").path("group").asText()).isEqualTo("Female");
        assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
        assertThat(alert.path("annotations").path("nonconformity").asText()).isEqualTo(id);

        // The webhook: two failures, then the delivery, with a signature this test computes on its own.
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(id, "OPENED") != null);
        WebhookReceiver.Received opened = delivered(id, "OPENED");
        assertThat(opened.header("X-Aimon-Signature")).isEqualTo("sha256=" + hmac(opened.body()));
        given().get("/v1/nonconformities/{id}/deliveries", id)
                .then()
                .statusCode(200)
                .body("size()", equalTo(3))
                .body("status", equalTo(List.of(500, 500, 204)))
                .body("attempt", equalTo(List.of(1, 2, 3)));

        LifecycleIT.close(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(model).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(id, "CLOSED") != null);
    }

    /** The active alerts of a model on Alertmanager's v2 API. */
    private static List<JsonNode> alerts(String model) throws Exception {
        String filter = URLEncoder.encode("model=\"" + model + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(AlertmanagerResource.url() + "/api/v2/alerts?filter=" + filter))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = EventJson.mapper().readTree(response.body());
        return list.findParents("labels").stream()
                .filter(a -> a.has("startsAt"))
                .toList();
    }

    private static WebhookReceiver.Received delivered(String id, String event) throws Exception {
        for (WebhookReceiver.Received r : WebhookReceiver.received()) {
            if (r.status() < 300 && event.equals(r.header("X-Aimon-Event"))) {
                JsonNode body = EventJson.mapper().readTree(r.body());
                if (id.equals(body.path("nonconformity").path("id").asText())) {
                    return r;
                }
            }
        }
        return null;
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WebhookReceiver.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
