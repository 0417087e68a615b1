package dev.aimon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aimon.devkit.kafka.LocalKafka;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.EventJson;
import dev.aimon.events.LabelEvent;
import dev.aimon.events.Metric;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Threshold;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fairness-service killed ({@code SIGKILL}) in the middle of a window, on a real broker and the local PostgreSQL: after
 * the restart, the window's report equals the one of a model whose stream was never interrupted, and no window is
 * reported twice. Checkpoints are written only when a window closes here (the interval is long), so the restart
 * restores a half-full window and reads again, once, the 20 events the kill threw away.
 */
class RestartIT {

    static final int WINDOW = 100;
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static LocalKafka kafka;
    static LocalStack stack;
    static TopicClient topics;
    static ProcessHandle fairness;

    @BeforeAll
    static void start() throws IOException {
        kafka = LocalKafka.startEphemeral(1);
        topics = new TopicClient(kafka.bootstrapServers());
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        try (ServerSocket socket = new ServerSocket(0)) {
            ports.put(Service.FAIRNESS, socket.getLocalPort());
        }
        Path root =
                Path.of(System.getProperty("aimon.root", "..")).toAbsolutePath().normalize();
        Path stateDir = root.resolve("e2e/target/restart");
        Files.deleteIfExists(stateDir.resolve("logs/fairness-service.log"));
        stack = new LocalStack(
                root, stateDir, kafka.bootstrapServers(), LocalPostgres.fromEnvironment(), ports, "aimon_e2e_restart");
    }

    @AfterAll
    static void stop() {
        if (fairness != null) {
            Processes.stop(fairness, Duration.ofSeconds(20));
        }
        if (topics != null) {
            topics.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aKillMidWindowNeitherLosesNorDoubleCountsEvents() throws Exception {
        String killed = "killed";
        String steady = "steady";
        topics.send(Topics.PLANS, killed, plan(killed));
        topics.send(Topics.PLANS, steady, plan(steady));
        fairness = startFairness();

        // Window 0 of the killed model closes (a checkpoint); 30 events into its window 1, the steady model's window 0
        // closes (a checkpoint that holds the killed model's open window); 20 more are counted in memory only.
        topics.sendAll(Topics.PREDICTIONS, killed, events(killed, 0, 130));
        topics.sendAll(Topics.PREDICTIONS, steady, events(steady, 0, 100));
        topics.sendAll(Topics.PREDICTIONS, killed, events(killed, 130, 150));
        awaitMarker("marker-1");
        assertThat(reports(killed, 1)).extracting(r -> r.window().sequence()).containsExactly(0L);
        fairness.destroyForcibly();
        fairness.onExit().get();

        fairness = startFairness();
        // The group gives the partition to the new instance once the killed one's session has expired.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(stack.log(Service.FAIRNESS.module()))
                        .contains("partition 0: restored 2 model(s)"));
        topics.sendAll(Topics.PREDICTIONS, killed, events(killed, 150, 250));
        topics.sendAll(Topics.PREDICTIONS, steady, events(steady, 100, 250));

        List<WindowReportEvent> steadyReports = reports(steady, 2);
        List<WindowReportEvent> killedReports = reports(killed, 2);
        assertThat(killedReports)
                .as("each window once: window 0 is not reported again after the restart")
                .extracting(r -> r.window().sequence())
                .containsExactly(0L, 1L);
        assertThat(steadyReports).extracting(r -> r.window().sequence()).containsExactly(0L, 1L);
        assertThat(topicsRead(Topics.WINDOWS, killed, 3, Duration.ofSeconds(3))).hasSize(2);
        assertThat(topicsRead(Topics.WINDOWS, steady, 3, Duration.ofSeconds(3))).hasSize(2);
        for (int w = 0; w < 2; w++) {
            WindowReportEvent k = killedReports.get(w);
            WindowReportEvent s = steadyReports.get(w);
            assertThat(k.window()).isEqualTo(s.window());
            assertThat(k.window().events()).isEqualTo(WINDOW);
            assertThat(k.results()).isNotEmpty().isEqualTo(s.results());
        }
    }

    private static ProcessHandle startFairness() {
        return stack.startService(
                Service.FAIRNESS,
                Map.of(
                        "aimon.analysis.checkpoint-interval",
                        "PT10M",
                        "mp.messaging.incoming.events-in.session.timeout.ms",
                        "6000"));
    }

    /**
     * A label for a model that does not exist: it is counted (as unmatched) only after every record before it in the
     * partition has been processed.
     */
    private static void awaitMarker(String marker) {
        topics.send(Topics.LABELS, marker, new LabelEvent(1, "none", marker, T0, 1));
        String line = "aimon_labels_total{match=\"unmatched\",model=\"" + marker + "\",service=\"fairness\"} 1.0";
        await().atMost(Duration.ofSeconds(60)).until(() -> metrics().contains(line));
    }

    private static String metrics() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(Service.FAIRNESS) + "/q/metrics"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static List<WindowReportEvent> reports(String model, int count) {
        List<WindowReportEvent> reports = topicsRead(Topics.WINDOWS, model, count, Duration.ofSeconds(60));
        assertThat(reports).hasSize(count);
        return reports;
    }

    private static List<WindowReportEvent> topicsRead(String topic, String model, int count, Duration wait) {
        return topics.read(topic, r -> model.equals(r.key()), count, wait).stream()
                .map(r -> {
                    try {
                        return EventJson.mapper().readValue(r.value(), WindowReportEvent.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    /** The same stream for every model: groups, decisions and some inline labels follow from the index alone. */
    private static List<PredictionEvent> events(String model, int from, int to) {
        List<PredictionEvent> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            boolean female = i % 5 < 2;
            int approved = (i * 37) % 100 < (female ? 30 : 55) ? 1 : 0;
            Integer label = i % 3 == 0 ? ((i * 53) % 100 < 45 ? 1 : 0) : null;
            events.add(new PredictionEvent(
                    1,
                    model + "-" + i,
                    model,
                    "1",
                    T0.plusSeconds(i),
                    Map.of("age", 20 + i % 40),
                    Map.of("sex", female ? "Female" : "Male", "race", i % 7 == 0 ? "Black" : "White"),
                    approved,
                    null,
                    label));
        }
        return events;
    }

    private static MonitoringPlanEvent plan(String model) {
        return new MonitoringPlanEvent(
                1,
                model,
                1,
                T0,
                "test",
                new MonitoringPlan(
                        model,
                        List.of(),
                        List.of(
                                new MonitoringPlan.ProtectedAttribute("sex", List.of("Male")),
                                new MonitoringPlan.ProtectedAttribute("race", List.of("White"))),
                        null,
                        1,
                        new MonitoringPlan.Window(WINDOW, null, null),
                        10,
                        new MonitoringPlan.Fairness(
                                0.05, Map.of(Metric.DISPARATE_IMPACT_RATIO, Threshold.between(0.8, 1.25))),
                        null,
                        null));
    }
}
