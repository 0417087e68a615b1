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
import dev.aimon.events.FeatureType;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * fairness-service, then drift-service, killed ({@code SIGKILL}) in the middle of a window, on a real broker and the
 * local PostgreSQL: after the restart, the window's report equals the one of a model whose stream was never
 * interrupted, and no window is counted twice. Checkpoints are written here every 200 records (the interval is long),
 * so the restart restores a half-full window and reads again, once, the events after the checkpoint that the kill
 * threw away; a window that closed after the checkpoint closes again and is published again with the same id and the
 * same results (incident-service ignores an id it has seen).
 */
class RestartIT {

    static final int WINDOW = 100;
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static LocalKafka kafka;
    static LocalStack stack;
    static TopicClient topics;
    static ProcessHandle running;

    @BeforeAll
    static void start() throws IOException {
        kafka = LocalKafka.startEphemeral(1);
        topics = new TopicClient(kafka.bootstrapServers());
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : List.of(Service.FAIRNESS, Service.DRIFT)) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.put(s, socket.getLocalPort());
            }
        }
        Path root =
                Path.of(System.getProperty("aimon.root", "..")).toAbsolutePath().normalize();
        Path stateDir = root.resolve("e2e/target/restart");
        Files.deleteIfExists(stateDir.resolve("logs/fairness-service.log"));
        Files.deleteIfExists(stateDir.resolve("logs/drift-service.log"));
        stack = new LocalStack(
                root, stateDir, kafka.bootstrapServers(), LocalPostgres.fromEnvironment(), ports, "aimon_e2e_restart");
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            Processes.stop(running, Duration.ofSeconds(20));
        }
        if (topics != null) {
            topics.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Drift's first window is its reference here: the restart must restore it with the open window. */
    @ParameterizedTest
    @EnumSource(
            value = Service.class,
            names = {"FAIRNESS", "DRIFT"})
    void aKillMidWindowNeitherLosesNorDoubleCountsEvents(Service service) throws Exception {
        if (running != null) {
            Processes.stop(running, Duration.ofSeconds(20));
        }
        String name = service.module().replace("-service", "");
        String killed = "killed-" + name;
        String steady = "steady-" + name;
        topics.send(Topics.PLANS, killed, plan(killed));
        topics.send(Topics.PLANS, steady, plan(steady));
        running = start(service);

        // Window 0 of the killed model closes; 30 events into its window 1 the steady model's events begin, and the
        // 200th record makes a checkpoint that holds both models and the killed model's open window; the records after
        // it are counted in memory only.
        topics.sendAll(Topics.PREDICTIONS, killed, events(killed, 0, 130));
        topics.sendAll(Topics.PREDICTIONS, steady, events(steady, 0, 100));
        topics.sendAll(Topics.PREDICTIONS, killed, events(killed, 130, 150));
        awaitMarker(service, "marker-" + name);
        assertThat(reports(killed, 1)).extracting(r -> r.window().sequence()).containsExactly(0L);
        running.destroyForcibly();
        running.onExit().get();

        running = start(service);
        // The group gives the partition to the new instance once the killed one's session has expired. (Drift, run
        // second, also holds the models of the fairness run: they are on the same topics.)
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(stack.log(service.module()))
                        .matches("(?s).*partition 0: restored \\d+ model.*"));
        topics.sendAll(Topics.PREDICTIONS, killed, events(killed, 150, 250));
        topics.sendAll(Topics.PREDICTIONS, steady, events(steady, 100, 250));

        List<WindowReportEvent> steadyReports = reports(steady, 2);
        List<WindowReportEvent> killedReports = reports(killed, 2);
        assertThat(killedReports)
                .as("each window once: window 0 is not counted again after the restart")
                .extracting(r -> r.window().sequence())
                .containsExactly(0L, 1L);
        assertThat(steadyReports).extracting(r -> r.window().sequence()).containsExactly(0L, 1L);
        assertOnceEach(topicsRead(Topics.WINDOWS, killed, 4, Duration.ofSeconds(3)));
        assertOnceEach(topicsRead(Topics.WINDOWS, steady, 4, Duration.ofSeconds(3)));
        for (int w = 0; w < 2; w++) {
            WindowReportEvent k = killedReports.get(w);
            WindowReportEvent s = steadyReports.get(w);
            assertThat(k.window()).isEqualTo(s.window());
            assertThat(k.window().events()).isEqualTo(WINDOW);
            assertThat(k.results()).isEqualTo(s.results());
        }
        assertThat(killedReports.get(1).results()).isNotEmpty();
    }

    /** Two windows; one published again after the kill carries the same id, window and results. */
    private static void assertOnceEach(List<WindowReportEvent> reports) {
        Map<String, WindowReportEvent> byId = new LinkedHashMap<>();
        for (WindowReportEvent r : reports) {
            WindowReportEvent before = byId.putIfAbsent(r.reportId(), r);
            if (before != null) {
                assertThat(r.window()).isEqualTo(before.window());
                assertThat(r.results()).isEqualTo(before.results());
            }
        }
        assertThat(byId).hasSize(2);
    }

    private static ProcessHandle start(Service service) {
        return stack.startService(
                service,
                Map.of(
                        "aimon.analysis.checkpoint-interval",
                        "PT10M",
                        "aimon.analysis.checkpoint-records",
                        "200",
                        "aimon.stream.kafka.session.timeout.ms",
                        "6000"));
    }

    /**
     * A label for a model that does not exist: it is counted (as unmatched) only after every record before it in the
     * partition has been processed.
     */
    private static void awaitMarker(Service service, String marker) {
        topics.send(Topics.LABELS, marker, new LabelEvent(1, "none", marker, T0, 1));
        String line = "aimon_labels_total{match=\"unmatched\",model=\"" + marker + "\",service=\""
                + service.module().replace("-service", "") + "\"} 1.0";
        await().atMost(Duration.ofSeconds(60)).until(() -> metrics(service).contains(line));
    }

    private static String metrics(Service service) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(service) + "/q/metrics"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The first {@code count} distinct reports of a model (a report published again after the kill counts once). */
    private static List<WindowReportEvent> reports(String model, int count) {
        List<WindowReportEvent> distinct = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> distinct(topicsRead(Topics.WINDOWS, model, count + 2, Duration.ofSeconds(2))),
                        l -> l.size() >= count);
        return distinct.subList(0, count);
    }

    private static List<WindowReportEvent> distinct(List<WindowReportEvent> reports) {
        Map<String, WindowReportEvent> byId = new LinkedHashMap<>();
        reports.forEach(r -> byId.putIfAbsent(r.reportId(), r));
        return new ArrayList<>(byId.values());
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
                        List.of(new MonitoringPlan.Feature("age", FeatureType.NUMERIC)),
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
