package dev.aimon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.devkit.kafka.LocalKafka;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.EventJson;
import dev.aimon.events.Topics;
import dev.aimon.events.WindowReportEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker stops in the middle of a stream and comes back ten seconds later, with its data: a producer sends
 * 5,000 predictions through ingest-service in batches of 100, resending a batch that was not answered 202 (as a
 * client should; ingest accepts an event id once). Afterwards the topic holds each event exactly once, and
 * fairness-service and drift-service each reported the ten windows of 500 once, with 500 events in each.
 */
class BrokerRestartIT {

    static final int EVENTS = 5_000;
    static final int BATCH = 100;
    static final int WINDOW = 500;
    static final String MODEL = "broker-restart";

    static Path dataDir;
    static int port;
    static volatile LocalKafka kafka;
    static LocalStack stack;
    static final List<ProcessHandle> running = new ArrayList<>();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        Path root =
                Path.of(System.getProperty("aimon.root", "..")).toAbsolutePath().normalize();
        Path stateDir = root.resolve("e2e/target/broker-restart");
        dataDir = stateDir.resolve("kafka");
        if (Files.exists(dataDir)) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        kafka = LocalKafka.start(port, dataDir, false, 2);
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : List.of(Service.INGEST, Service.FAIRNESS, Service.DRIFT)) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.put(s, socket.getLocalPort());
            }
        }
        LocalPostgres postgres = LocalPostgres.fromEnvironment();
        for (Service s : ports.keySet()) {
            postgres.dropDatabase(s.database().replaceFirst("^aimon", "aimon_brk"));
        }
        for (Service s : ports.keySet()) {
            Files.deleteIfExists(stateDir.resolve("logs/" + s.module() + ".log"));
        }
        stack = new LocalStack(root, stateDir, kafka.bootstrapServers(), postgres, ports, "aimon_brk");
        for (Service s : ports.keySet()) {
            running.add(stack.startService(s, Map.of()));
        }
    }

    @AfterAll
    static void stop() {
        running.forEach(p -> Processes.stop(p, Duration.ofSeconds(20)));
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aBrokerRestartMidStreamNeitherLosesNorDuplicatesAnEvent() throws Exception {
        String plan = """
                {"features":[{"name":"age","type":"NUMERIC"}],
                 "protectedAttributes":[{"name":"sex","privileged":["Male"]}],
                 "favorableOutcome":1,"window":{"events":%d},"minGroupSize":30,
                 "drift":{"reference":"FIRST_WINDOW"}}""".formatted(WINDOW);
        assertThat(send("PUT", "/v1/models/" + MODEL + "/plan", "application/json", plan)
                        .statusCode())
                .isEqualTo(200);
        // The analysis services have the plan before the first prediction (they read plans from their own topic).
        Thread.sleep(3000);

        Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
        int accepted = 0;
        int duplicates = 0;
        int attempts = 0;
        int refused = 0;
        List<String> answers = new ArrayList<>();
        CompletableFuture<Void> restarted = null;
        long outageStart = 0;
        for (int b = 0; b < EVENTS / BATCH; b++) {
            if (b == 20) {
                // 2,000 events in: the broker goes away, and comes back ten seconds later with its data.
                kafka.close();
                outageStart = System.nanoTime();
                restarted = CompletableFuture.runAsync(() -> {
                    Processes.sleep(Duration.ofSeconds(10));
                    kafka = LocalKafka.start(port, dataDir, false, 2);
                });
            }
            StringBuilder ndjson = new StringBuilder();
            for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
                ndjson.append("""
                        {"eventId":"e-%d","modelId":"%s","timestamp":"%s","features":{"age":%d},\
                        "attributes":{"sex":"%s"},"prediction":%d}
                        """.formatted(
                                i,
                                MODEL,
                                t0.plusMillis(i),
                                20 + (i * 7) % 50,
                                i % 3 == 0 ? "Female" : "Male",
                                (i * 13) % 4 == 0 ? 1 : 0));
            }
            while (true) {
                attempts++;
                HttpResponse<String> r = trySend("POST", "/v1/predictions", "application/x-ndjson", ndjson.toString());
                if (r != null && r.statusCode() == 202) {
                    JsonNode answer = EventJson.mapper().readTree(r.body());
                    accepted += answer.path("accepted").asInt();
                    duplicates += answer.path("duplicates").size();
                    assertThat(answer.path("rejected")).isEmpty();
                    assertThat(answer.path("accepted").asInt()
                                    + answer.path("duplicates").size())
                            .isEqualTo(BATCH);
                    break;
                }
                refused++;
                answers.add(r == null ? "no answer" : r.statusCode() + " " + r.body());
                Thread.sleep(500);
            }
        }
        restarted.get();
        double outage = (System.nanoTime() - outageStart) / 1e9;
        System.out.printf(
                "BrokerRestartIT: %d events, %d accepted, %d duplicates answered on resends, %d attempts, %d refused"
                        + " while the broker was away (%.1f s from the stop to the last batch)%n",
                EVENTS, accepted, duplicates, attempts, refused, outage);
        answers.forEach(a -> System.out.println("  refused: " + a));

        try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
            List<String> ids = new ArrayList<>();
            topics.read(Topics.PREDICTIONS, r -> MODEL.equals(r.key()), EVENTS + 1, Duration.ofSeconds(30))
                    .forEach(r -> ids.add(json(r.value()).path("eventId").asText()));
            assertThat(ids).as("each event on the topic once").hasSize(EVENTS);
            assertThat(new HashSet<>(ids)).hasSize(EVENTS);
            assertThat(accepted + duplicates)
                    .as("each accepted once; what reached the broker before a 503 is answered as duplicates on resend")
                    .isEqualTo(EVENTS);

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> topics.read(
                                            Topics.WINDOWS,
                                            r -> MODEL.equals(r.key()),
                                            2 * EVENTS / WINDOW,
                                            Duration.ofSeconds(5))
                                    .size()
                            >= 2 * EVENTS / WINDOW);
            List<WindowReportEvent> reports = topics
                    .read(Topics.WINDOWS, r -> MODEL.equals(r.key()), 2 * EVENTS / WINDOW + 1, Duration.ofSeconds(10))
                    .stream()
                    .map(r -> EventJson.mapper().convertValue(json(r.value()), WindowReportEvent.class))
                    .toList();
            for (String service : List.of("fairness", "drift")) {
                List<WindowReportEvent> mine = reports.stream()
                        .filter(r -> r.service().equals(service))
                        .toList();
                assertThat(mine).as(service + ": each window reported once").hasSize(EVENTS / WINDOW);
                Set<Long> sequences = new HashSet<>();
                long counted = 0;
                for (WindowReportEvent r : mine) {
                    sequences.add(r.window().sequence());
                    assertThat(r.window().events()).isEqualTo(WINDOW);
                    counted += r.window().events();
                }
                assertThat(sequences).hasSize(EVENTS / WINDOW);
                assertThat(counted).as(service + ": every event counted once").isEqualTo(EVENTS);
            }
        }
    }

    private static JsonNode json(byte[] value) {
        try {
            return EventJson.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request, or null when it failed or timed out (the broker is away: the client tries again). */
    private static HttpResponse<String> trySend(String method, String path, String type, String body) {
        try {
            return send(method, path, type, body);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(String method, String path, String type, String body)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.url(Service.INGEST) + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + stack.token("brk", "producer", "governance"))
                        .header("Content-Type", type)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
