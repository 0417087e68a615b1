package dev.aimon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.devkit.kafka.LocalKafka;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.net.TcpProxy;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.BreachKind;
import dev.aimon.events.EventIds;
import dev.aimon.events.EventJson;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.Threshold;
import dev.aimon.events.Topics;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowSummary;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * incident-service loses its PostgreSQL (a proxy in front of the real server drops every connection and refuses new
 * ones) while breaches arrive on a real broker: they wait, and once the database is back every one is stored, once.
 */
class DatabaseOutageIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    static LocalKafka kafka;
    static TcpProxy proxy;
    static LocalStack stack;
    static ProcessHandle incident;

    @BeforeAll
    static void start() throws IOException {
        kafka = LocalKafka.startEphemeral(1);
        LocalPostgres real = LocalPostgres.fromEnvironment();
        proxy = TcpProxy.to(real.host(), real.port());
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        try (ServerSocket socket = new ServerSocket(0)) {
            ports.put(Service.INCIDENT, socket.getLocalPort());
        }
        Path root =
                Path.of(System.getProperty("aimon.root", "..")).toAbsolutePath().normalize();
        Path stateDir = root.resolve("e2e/target/outage");
        Files.deleteIfExists(stateDir.resolve("logs/incident-service.log"));
        stack = new LocalStack(
                root,
                stateDir,
                kafka.bootstrapServers(),
                new LocalPostgres("127.0.0.1", proxy.port(), real.user(), real.password()),
                ports,
                "aimon_e2e_outage");
        incident = stack.startService(Service.INCIDENT, Map.of());
    }

    @AfterAll
    static void stop() {
        if (incident != null) {
            Processes.stop(incident, Duration.ofSeconds(20));
        }
        if (proxy != null) {
            proxy.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void breachesWaitOutTheOutageAndAreAllStoredOnce() throws Exception {
        String model = "outage-" + UUID.randomUUID();
        proxy.cut();
        List<BreachEvent> breaches = List.of(breach(model, "Female"), breach(model, "Black"), breach(model, "Other"));
        try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
            topics.sendAll(Topics.BREACHES, model, breaches);
            topics.send(Topics.BREACHES, model, breaches.get(0)); // a redelivery
        }
        // The database is really gone: the API cannot answer, and the consumer keeps retrying.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.readString(stack.log(Service.INCIDENT.module()))
                        .contains("retrying until the database answers"));
        assertThat(get("/v1/nonconformities?modelId=" + model).statusCode()).isGreaterThanOrEqualTo(500);
        Thread.sleep(5000);

        proxy.restore();

        JsonNode list = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            HttpResponse<String> r = get("/v1/nonconformities?modelId=" + model);
                            return r.statusCode() == 200 ? EventJson.mapper().readTree(r.body()) : null;
                        },
                        l -> l != null && l.size() >= 3);
        assertThat(list).hasSize(3);
        for (JsonNode nc : list) {
            assertThat(nc.path("occurrences").asInt())
                    .as("the redelivery changed nothing")
                    .isEqualTo(1);
        }
        assertThat(list.findValuesAsText("group")).containsExactlyInAnyOrder("Female", "Black", "Other");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.url(Service.INCIDENT) + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + stack.token("outage-it", "auditor"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static BreachEvent breach(String model, String group) {
        WindowSummary window = new WindowSummary(T0, T0.plusSeconds(899), 5000, null, 0L);
        String reportId = EventIds.windowReport("fairness", model, 1, window, 0);
        MetricResult result = new MetricResult(
                Metric.DISPARATE_IMPACT_RATIO,
                "attribute",
                group,
                "reference",
                null,
                0.5,
                400L,
                600L,
                null,
                1e-6,
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
                "1",
                1,
                window,
                result,
                T0.plusSeconds(900),
                null);
    }
}
