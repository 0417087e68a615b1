package dev.aimon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.EventJson;
import dev.aimon.events.FeatureType;
import dev.aimon.events.Metric;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Topics;
import dev.aimon.events.WindowReportEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * fairness-service and drift-service killed ({@code SIGKILL}) at three random moments each while 200,000 predictions
 * of four models (two per partition; half of them labelled inline) stream in, on a real broker and the local
 * PostgreSQL. Afterwards every window of every model is reported, and, counting a report published again after a
 * kill once (it carries the same id), each report equals the one the same service computes for the same window's
 * events in one uninterrupted pass ({@code POST /v1/evaluate}): the same bounds, counts and results. incident-service records
 * each breach once.
 */
class KillUnderLoadIT {

    static final int MODELS = 4;
    static final int PER_MODEL = 50_000;
    static final int WINDOW = 5_000;
    static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
    static final Map<String, String> SETTINGS = Map.of(
            "aimon.stream.kafka.session.timeout.ms", "6000",
            "aimon.analysis.checkpoint-interval", "PT2S",
            "quarkus.http.limits.max-body-size", "64M");
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void killsAtRandomPointsUnderLoadLoseNothingAndCountNothingTwice() throws Exception {
        try (FreshStack fresh = FreshStack.start("e2e_kill", 2);
                TopicClient topics = new TopicClient(fresh.kafka().bootstrapServers())) {
            Map<Service, ProcessHandle> running = new EnumMap<>(fresh.services());
            // The analysis services again with this test's settings: a killed member's session ends in 6 s (the
            // group then gives its partitions to the new instance), checkpoints every 2 s, and room for the
            // uninterrupted evaluation's body (50,000 events).
            for (Service s : List.of(Service.FAIRNESS, Service.DRIFT)) {
                Processes.stop(running.get(s), Duration.ofSeconds(20));
                running.put(s, fresh.stack().startService(s, SETTINGS));
            }
            List<String> models = new ArrayList<>();
            for (int m = 0; m < MODELS; m++) {
                models.add("kill-" + m);
                topics.send(Topics.PLANS, models.get(m), plan(models.get(m)));
            }
            Map<String, List<PredictionEvent>> events = new LinkedHashMap<>();
            models.forEach(m -> events.put(m, events(m)));
            // The load: 200,000 predictions written at about 8,000 a second while the services are killed three
            // times each, at random moments, and started again (each restart takes seconds, so every kill and
            // every catch-up happens under load).
            Thread producer = new Thread(() -> produce(fresh.kafka().bootstrapServers(), events, 8_000), "load");
            producer.start();
            SplittableRandom random = new SplittableRandom(20261201);
            for (int kill = 0; kill < 3; kill++) {
                for (Service s : List.of(Service.FAIRNESS, Service.DRIFT)) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (processed(fresh, s) == 0 && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                }
                Thread.sleep(500 + random.nextInt(2500));
                for (Service s : List.of(Service.FAIRNESS, Service.DRIFT)) {
                    System.out.printf(
                            "KillUnderLoadIT: killing %s after %,d records%n", s.module(), processed(fresh, s));
                    ProcessHandle p = running.get(s);
                    p.destroyForcibly();
                    p.onExit().get();
                }
                for (Service s : List.of(Service.FAIRNESS, Service.DRIFT)) {
                    running.put(
                            s,
                            fresh.stack()
                                    .startService(
                                            s,
                                            Map.of(
                                                    "aimon.stream.kafka.session.timeout.ms",
                                                    "6000",
                                                    "aimon.analysis.checkpoint-interval",
                                                    "PT2S")));
                }
            }
            producer.join(Duration.ofMinutes(3).toMillis());
            assertThat(producer.isAlive()).as("the load was written").isFalse();

            for (Service s : List.of(Service.FAIRNESS, Service.DRIFT)) {
                String service = s.module().replace("-service", "");
                for (String model : models) {
                    Map<Long, WindowReportEvent> reported =
                            reported(topics, service, model, PER_MODEL / WINDOW, Duration.ofMinutes(4));
                    assertThat(reported.keySet())
                            .as("%s: every window of %s, each counted once", service, model)
                            .containsExactlyElementsOf(LongStream.range(0, PER_MODEL / WINDOW)
                                    .boxed()
                                    .toList());
                    List<PredictionEvent> all = events.get(model);
                    List<PredictionEvent> first = all.subList(0, WINDOW);
                    for (int w = 0; w < PER_MODEL / WINDOW; w++) {
                        // The uninterrupted computation of window w: its events in one batch (for drift, against
                        // the first window as its reference, which is what the plan asks for).
                        List<PredictionEvent> window = all.subList(w * WINDOW, (w + 1) * WINDOW);
                        List<WindowReportEvent> expected =
                                evaluate(fresh, s, window, s == Service.DRIFT && w > 0 ? first : List.of());
                        assertThat(expected).hasSize(1);
                        WindowReportEvent e = expected.getFirst();
                        WindowReportEvent r = reported.get((long) w);
                        assertThat(r.window().events()).isEqualTo(e.window().events());
                        assertThat(r.window().labelled()).isEqualTo(e.window().labelled());
                        assertThat(r.window().start()).isEqualTo(e.window().start());
                        assertThat(r.window().end()).isEqualTo(e.window().end());
                        assertThat(r.results())
                                .as("%s %s window %d", service, model, w)
                                .isEqualTo(e.results());
                    }
                }
            }
            assertBreachesRecordedOnce(fresh, topics);
            running.values().forEach(p -> Processes.stop(p, Duration.ofSeconds(20)));
        }
    }

    /**
     * The distinct reports of one model and service on {@code aimon.windows}, by window sequence: a report published
     * again after a kill must carry the id, window and results it had.
     */
    private static Map<Long, WindowReportEvent> reported(
            TopicClient topics, String service, String model, int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<Long, WindowReportEvent> bySequence = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            bySequence.clear();
            Map<String, WindowReportEvent> byId = new LinkedHashMap<>();
            for (var record : topics.read(Topics.WINDOWS, r -> model.equals(r.key()), 1000, Duration.ofSeconds(3))) {
                WindowReportEvent r = read(record.value(), WindowReportEvent.class);
                if (!service.equals(r.service())) {
                    continue;
                }
                WindowReportEvent before = byId.putIfAbsent(r.reportId(), r);
                if (before != null) {
                    assertThat(r.window()).as("a report sent again").isEqualTo(before.window());
                    assertThat(r.results()).as("a report sent again").isEqualTo(before.results());
                } else {
                    WindowReportEvent other = bySequence.put(r.window().sequence(), r);
                    assertThat(other)
                            .as(
                                    "%s %s: two reports of window %d",
                                    service, model, r.window().sequence())
                            .isNull();
                }
            }
            if (bySequence.size() >= count) {
                return bySequence;
            }
            Thread.sleep(1000);
        }
        return bySequence;
    }

    /** Every breach on {@code aimon.breaches} is one monitoring event in incident-service, never two. */
    private static void assertBreachesRecordedOnce(FreshStack fresh, TopicClient topics) throws Exception {
        long distinct = topics
                .read(
                        Topics.BREACHES,
                        r -> r.key() != null && r.key().startsWith("kill-"),
                        100_000,
                        Duration.ofSeconds(5))
                .stream()
                .map(r -> read(r.value(), JsonNode.class).path("breachId").asText())
                .distinct()
                .count();
        LocalPostgres pg = LocalPostgres.fromEnvironment();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long recorded = -1;
        long duplicated = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(
                            pg.jdbcUrl("aimon_e2e_kill_incident"), pg.user(), pg.password());
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select count(*), count(*) - count(distinct breach_id)"
                            + " from monitoring_event where model_id like 'kill-%'")) {
                r.next();
                recorded = r.getLong(1);
                duplicated = r.getLong(2);
            }
            if (recorded >= distinct) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.printf("KillUnderLoadIT: %d distinct breaches, %d monitoring events%n", distinct, recorded);
        assertThat(distinct).as("the biased windows breach").isPositive();
        assertThat(duplicated).isZero();
        assertThat(recorded).isEqualTo(distinct);
    }

    private static long processed(FreshStack fresh, Service s) {
        try {
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(URI.create(fresh.stack().url(s) + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            long total = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("aimon_events_processed_total{")) {
                    total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return total;
        } catch (IOException e) {
            return 0; // restarting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The reports of one uninterrupted pass over events, from the service's own {@code /v1/evaluate}. */
    private static List<WindowReportEvent> evaluate(
            FreshStack fresh, Service s, List<PredictionEvent> events, List<PredictionEvent> reference)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", plan(events.getFirst().modelId()).plan());
        body.put("events", events);
        if (!reference.isEmpty()) {
            body.put("reference", reference);
        }
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(fresh.stack().url(s) + "/v1/evaluate"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + fresh.stack().token("kill", "producer"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                EventJson.mapper().writeValueAsBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode reports = EventJson.mapper().readTree(r.body());
        JsonNode list = reports.isArray() ? reports : reports.path("reports");
        List<WindowReportEvent> out = new ArrayList<>();
        list.forEach(n -> out.add(EventJson.mapper().convertValue(n, WindowReportEvent.class)));
        return out;
    }

    /** Writes the events round robin over the models, at about {@code perSecond}. */
    private static void produce(String bootstrap, Map<String, List<PredictionEvent>> events, int perSecond) {
        long start = System.nanoTime();
        long written = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < PER_MODEL; i++) {
                for (Map.Entry<String, List<PredictionEvent>> e : events.entrySet()) {
                    if (++written % 1000 == 0) {
                        long due = start + written * 1_000_000_000L / perSecond;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            try {
                                Thread.sleep(wait / 1_000_000);
                            } catch (InterruptedException ex) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    }
                    try {
                        producer.send(new ProducerRecord<>(
                                Topics.PREDICTIONS,
                                e.getKey(),
                                EventJson.mapper()
                                        .writeValueAsBytes(e.getValue().get(i))));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
            }
            producer.flush();
        }
    }

    /** A model's events: every seventh window biased against women; half labelled inline. */
    private static List<PredictionEvent> events(String model) {
        SplittableRandom random = new SplittableRandom(model.hashCode());
        List<PredictionEvent> events = new ArrayList<>(PER_MODEL);
        for (int i = 0; i < PER_MODEL; i++) {
            boolean female = random.nextBoolean();
            boolean biased = (i / WINDOW) % 7 == 6;
            int prediction = random.nextDouble() < (female && biased ? 0.2 : 0.5) ? 1 : 0;
            Integer label = random.nextBoolean() ? (random.nextDouble() < 0.8 ? prediction : 1 - prediction) : null;
            events.add(new PredictionEvent(
                    1,
                    model + "-" + i,
                    model,
                    "1",
                    T0.plusMillis(i * 100L),
                    Map.of("x", Math.round(random.nextGaussian() * 1000) / 100.0, "y", random.nextInt(100)),
                    Map.of("sex", female ? "Female" : "Male"),
                    prediction,
                    Math.round(random.nextDouble() * 1000) / 1000.0,
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
                        List.of(
                                new MonitoringPlan.Feature("x", FeatureType.NUMERIC),
                                new MonitoringPlan.Feature("y", FeatureType.NUMERIC)),
                        List.of(new MonitoringPlan.ProtectedAttribute("sex", List.of("Male"))),
                        null,
                        1,
                        new MonitoringPlan.Window(WINDOW, null, null),
                        30,
                        new MonitoringPlan.Fairness(
                                0.05, Map.of(Metric.DISPARATE_IMPACT_RATIO, Threshold.between(0.8, 1.25))),
                        new MonitoringPlan.Drift(0.01, MonitoringPlan.Reference.FIRST_WINDOW, null),
                        null));
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return EventJson.mapper().readValue(new String(bytes, StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
