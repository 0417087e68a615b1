package dev.aimon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.devkit.kafka.LocalKafka;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.EventJson;
import dev.aimon.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A poison record on each input topic of each service (bytes that are not JSON, and JSON that is not the event the
 * topic carries): each is dead-lettered with its reason and where it came from, and the valid records after it still
 * flow: windows close in fairness-service and drift-service, a breach becomes a record, the reports are kept as
 * evidence, a plan still reaches the analysis services.
 */
class PoisonIT {

    static final String MODEL = "poison-model";
    static FreshStack fresh;
    static LocalKafka kafka;
    static LocalStack stack;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        fresh = FreshStack.start("poison", 1);
        kafka = fresh.kafka();
        stack = fresh.stack();
    }

    @AfterAll
    static void stop() {
        if (fresh != null) {
            fresh.close();
        }
    }

    @Test
    void aPoisonRecordOnEachInputTopicIsDeadLetteredAndTheStreamGoesOn() throws Exception {
        List<String> topics = List.of(
                Topics.PREDICTIONS_RAW,
                Topics.PREDICTIONS,
                Topics.LABELS,
                Topics.PLANS,
                Topics.BREACHES,
                Topics.WINDOWS);
        try (TopicClient client = new TopicClient(kafka.bootstrapServers())) {
            // Before the plan: a poison plan must not stop the plans' consumers either.
            client.send(Topics.PLANS, MODEL + "-poison", "not json {".getBytes(StandardCharsets.UTF_8));
            send("PUT", "/v1/models/" + MODEL + "/plan", """
                    {"features":[{"name":"age","type":"NUMERIC"}],
                     "protectedAttributes":[{"name":"sex","privileged":["Male"]}],
                     "favorableOutcome":1,"window":{"events":40},"minGroupSize":10,
                     "fairness":{"alpha":0.05,"metrics":{"DISPARATE_IMPACT_RATIO":{"lower":0.8,"upper":1.25}}},
                     "drift":{"reference":"FIRST_WINDOW"}}""");
            for (String topic : topics) {
                if (!topic.equals(Topics.PLANS)) {
                    client.send(topic, MODEL, "not json {".getBytes(StandardCharsets.UTF_8));
                    client.send(topic, MODEL, Map.of("this", "is not an event of " + topic));
                }
            }
            // Then valid traffic: two windows of 40, women never approved (a breach), men always.
            Thread.sleep(2000);
            StringBuilder ndjson = new StringBuilder();
            Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
            for (int i = 0; i < 80; i++) {
                boolean female = i % 2 == 0;
                ndjson.append("""
                        {"eventId":"p-%d","modelId":"%s","timestamp":"%s","features":{"age":%d},\
                        "attributes":{"sex":"%s"},"prediction":%d}
                        """.formatted(
                                i, MODEL, t0.plusSeconds(i), 20 + i % 30, female ? "Female" : "Male", female ? 0 : 1));
            }
            HttpResponse<String> r = send("POST", "/v1/predictions", ndjson.toString());
            assertThat(EventJson.mapper().readTree(r.body()).path("accepted").asInt())
                    .isEqualTo(80);

            // The stream went on: both analysis services closed both windows, the breach became a record, and
            // incident-service kept the reports as evidence.
            List<ConsumerRecord<String, byte[]>> reports = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> client.read(
                                    Topics.WINDOWS,
                                    r2 -> MODEL.equals(r2.key()) && !isPoison(r2),
                                    4,
                                    Duration.ofSeconds(2)),
                            l -> l.size() >= 4);
            assertThat(reports).hasSize(4);
            JsonNode records = await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> EventJson.mapper()
                                    .readTree(get(Service.INCIDENT, "/v1/nonconformities?modelId=" + MODEL)),
                            l -> l.size() > 0);
            assertThat(records.get(0).path("breachKind").asText()).isEqualTo("FAIRNESS");
            JsonNode evidence = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> EventJson.mapper()
                                    .readTree(get(Service.INCIDENT, "/v1/models/" + MODEL + "/evidence")),
                            e -> e.path("windowReports").asLong() >= 4);
            assertThat(evidence.path("windowReports").asLong()).isEqualTo(4);

            // Every poison record is on the dead-letter topic, with why and from where.
            List<ConsumerRecord<String, byte[]>> dead = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> client.read(
                                    Topics.DLQ,
                                    d -> d.key() != null && d.key().startsWith(MODEL),
                                    100,
                                    Duration.ofSeconds(3)),
                            l -> l.size() >= 12);
            Map<String, Integer> bySource = new TreeMap<>();
            for (ConsumerRecord<String, byte[]> d : dead) {
                String reason = reason(d);
                assertThat(reason).as("a dead letter says why").isNotBlank();
                bySource.merge(source(d), 1, Integer::sum);
            }
            System.out.println("PoisonIT: dead letters by source: " + bySource);
            // raw predictions (ingest), predictions and labels (fairness and drift each), breaches and windows
            // (incident): two poison records each.
            assertThat(bySource.keySet())
                    .contains(
                            Topics.PREDICTIONS_RAW, Topics.PREDICTIONS, Topics.LABELS, Topics.BREACHES, Topics.WINDOWS);
            assertThat(bySource.get(Topics.PREDICTIONS)).isEqualTo(4);
            assertThat(bySource.get(Topics.LABELS)).isEqualTo(4);
            assertThat(bySource.get(Topics.BREACHES)).isEqualTo(2);
            assertThat(bySource.get(Topics.WINDOWS)).isEqualTo(2);
            assertThat(bySource.get(Topics.PREDICTIONS_RAW)).isEqualTo(2);
        }
    }

    private static boolean isPoison(ConsumerRecord<String, byte[]> r) {
        String value = new String(r.value(), StandardCharsets.UTF_8);
        return value.startsWith("not json") || value.contains("is not an event");
    }

    /** The reason a dead letter carries: aimon's header, or SmallRye's. */
    private static String reason(ConsumerRecord<String, byte[]> r) {
        for (String name : List.of(Topics.ERROR_HEADER, "dead-letter-reason", "dead-letter-cause")) {
            Header h = r.headers().lastHeader(name);
            if (h != null && h.value() != null && h.value().length > 0) {
                return new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    /** The topic a dead letter came from. */
    private static String source(ConsumerRecord<String, byte[]> r) {
        for (String name : List.of(Topics.SOURCE_HEADER, "dead-letter-topic")) {
            Header h = r.headers().lastHeader(name);
            if (h != null) {
                String v = new String(h.value(), StandardCharsets.UTF_8);
                return v.startsWith("topic ") ? v.substring("topic ".length()) : v;
            }
        }
        return "?";
    }

    private static String get(Service s, String path) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(stack.url(s) + path))
                                .header("Authorization", "Bearer " + stack.token("poison", "auditor"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.url(Service.INGEST) + path))
                        .header("Authorization", "Bearer " + stack.token("poison", "producer", "governance"))
                        .header(
                                "Content-Type",
                                path.endsWith("predictions") ? "application/x-ndjson" : "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
