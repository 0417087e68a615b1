package dev.aimon.devkit.bench;

import dev.aimon.devkit.kafka.LocalKafka;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.FeatureType;
import dev.aimon.events.Metric;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The end-to-end load run: N prediction events (20 numeric features, one protected attribute; every tenth window of
 * each model biased against women) written into {@code aimon.predictions} by a bare producer, read back once by a bare
 * consumer (the ceiling: bytes only), then consumed by fairness-service and drift-service, each in its own JVM, with
 * incident-service taking their breaches. Measures each service's consumption rate from its first record to its last,
 * the windows it closed, its peak resident memory, and the latency from a window's evaluation (the breach's detection)
 * to incident-service recording the breach against a nonconformity.
 */
public final class PipelineBench {

    static final int MODELS = 4;
    static final int WINDOW = 5000;
    static final int FEATURES = 20;

    private final Path root;
    private final PrintStream out;

    public PipelineBench(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    /** One service's figures. */
    public record ServiceFigures(
            String service, double eventsPerSecond, long windowsClosed, double ratio, long peakRssKb) {}

    /** The figures of one run. */
    public record Result(
            long events,
            double producerEventsPerSecond,
            double consumerEventsPerSecond,
            List<ServiceFigures> services,
            int breaches,
            double latencyP50Millis,
            double latencyP99Millis) {}

    public Result run(int events) throws Exception {
        if (events <= 0 || events % (MODELS * WINDOW) != 0) {
            throw new IllegalStateException("--events must be a positive multiple of " + MODELS * WINDOW
                    + " (models × window size), so that every window closes");
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path stateDir = root.resolve(".aimon/bench");
        for (Service s : Service.values()) {
            Files.deleteIfExists(stateDir.resolve("logs/" + s.module() + ".log"));
        }
        String run = Long.toString(Instant.now().getEpochSecond(), 36);
        try (LocalKafka kafka = LocalKafka.startEphemeral(2)) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                try (ServerSocket socket = new ServerSocket(0)) {
                    ports.put(s, socket.getLocalPort());
                }
            }
            LocalPostgres postgres = LocalPostgres.fromEnvironment();
            LocalStack stack = new LocalStack(root, stateDir, kafka.bootstrapServers(), postgres, ports, "aimon_bench");
            List<String> models = new ArrayList<>();
            try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
                for (int m = 0; m < MODELS; m++) {
                    models.add("bench-" + run + "-" + m);
                    topics.send(Topics.PLANS, models.get(m), plan(models.get(m)));
                }
            }
            out.printf(
                    "pipeline: %,d events, %d models, %d features, windows of %,d (every tenth biased)%n",
                    events, MODELS, FEATURES, WINDOW);
            double produced = produce(kafka.bootstrapServers(), models, events);
            out.printf("  %-40s %,12.0f events/s%n", "bare producer into aimon.predictions", produced);
            double ceiling = consume(kafka.bootstrapServers(), events);
            out.printf("  %-40s %,12.0f events/s%n", "bare consumer (the ceiling, bytes only)", ceiling);

            Map<Service, ProcessHandle> services = stack.startServices();
            try {
                List<ServiceFigures> figures = new ArrayList<>();
                Map<Service, double[]> rates = awaitConsumed(stack, events, List.of(Service.FAIRNESS, Service.DRIFT));
                for (Service s : List.of(Service.FAIRNESS, Service.DRIFT)) {
                    double rate = rates.get(s)[0];
                    figures.add(new ServiceFigures(
                            s.module(), rate, (long) rates.get(s)[1], rate / ceiling, peakRss(services.get(s))));
                }
                List<Double> latencies = latencies(postgres, models, Duration.ofSeconds(60));
                Result result = new Result(
                        events,
                        produced,
                        ceiling,
                        figures,
                        latencies.size(),
                        percentile(latencies, 0.5),
                        percentile(latencies, 0.99));
                print(result, services);
                Files.createDirectories(stateDir);
                Files.writeString(stateDir.resolve("bench-pipeline.json"), json(result));
                out.println("written to " + stateDir.resolve("bench-pipeline.json"));
                return result;
            } finally {
                services.values().forEach(p -> Processes.stop(p, Duration.ofSeconds(20)));
            }
        }
    }

    private void print(Result r, Map<Service, ProcessHandle> services) {
        out.printf("  %-18s %14s %10s %12s %14s%n", "service", "events/s", "windows", "vs ceiling", "peak RSS");
        for (ServiceFigures f : r.services()) {
            out.printf(
                    "  %-18s %,14.0f %,10d %12.3f %,11d MB%n",
                    f.service(), f.eventsPerSecond(), f.windowsClosed(), f.ratio(), f.peakRssKb() / 1024);
        }
        out.printf("  %-18s %,11d MB%n", "incident-service peak RSS", peakRss(services.get(Service.INCIDENT)) / 1024);
        out.printf(
                "  breach → nonconformity: %d breaches, p50 %.0f ms, p99 %.0f ms%n",
                r.breaches(), r.latencyP50Millis(), r.latencyP99Millis());
        for (ServiceFigures f : r.services()) {
            out.printf("ratio %s %.3f%n", f.service(), f.ratio());
        }
    }

    private static MonitoringPlanEvent plan(String model) {
        List<MonitoringPlan.Feature> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            features.add(new MonitoringPlan.Feature("f" + f, FeatureType.NUMERIC));
        }
        return new MonitoringPlanEvent(
                MonitoringPlanEvent.SCHEMA_VERSION,
                model,
                1,
                Instant.now(),
                "bench",
                new MonitoringPlan(
                        model,
                        features,
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

    /** Writes the events, round robin over the models, as fast as one producer goes (acks=1). */
    private static double produce(String bootstrap, List<String> models, int events) {
        SplittableRandom random = new SplittableRandom(11);
        String now = Instant.now().toString();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "1",
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            long t0 = System.nanoTime();
            StringBuilder e = new StringBuilder(700);
            for (int i = 0; i < events; i++) {
                String model = models.get(i % models.size());
                long perModel = i / models.size();
                boolean biased = (perModel / WINDOW) % 10 == 9;
                boolean female = random.nextBoolean();
                double approval = female && biased ? 0.2 : 0.5;
                e.setLength(0);
                e.append("{\"schemaVersion\":1,\"eventId\":\"")
                        .append(model)
                        .append('-')
                        .append(perModel)
                        .append("\",\"modelId\":\"")
                        .append(model)
                        .append("\",\"modelVersion\":\"1\",\"timestamp\":\"")
                        .append(now)
                        .append("\",\"features\":{");
                for (int f = 0; f < FEATURES; f++) {
                    e.append(f == 0 ? "\"f" : ",\"f")
                            .append(f)
                            .append("\":")
                            .append(Math.round(random.nextDouble() * 1e4) / 100.0);
                }
                e.append("},\"attributes\":{\"sex\":\"")
                        .append(female ? "Female" : "Male")
                        .append("\"},\"prediction\":")
                        .append(random.nextDouble() < approval ? 1 : 0)
                        .append(",\"score\":")
                        .append(Math.round(random.nextDouble() * 1e4) / 1e4)
                        .append('}');
                producer.send(new ProducerRecord<>(
                        Topics.PREDICTIONS, model, e.toString().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            return events / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Reads the topic from the start with a bare consumer, bytes only: the rate from its first record to its last. */
    private static double consume(String bootstrap, int events) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-ceiling-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PREDICTIONS));
            long read = 0;
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (read < events && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty() && first == 0) {
                    first = System.nanoTime();
                }
                read += records.count();
            }
            if (read < events) {
                throw new IllegalStateException("the bare consumer read " + read + " of " + events + " events");
            }
            return read / ((System.nanoTime() - first) / 1e9);
        }
    }

    /**
     * Polls each service's metrics until it has closed every window (N a multiple of models × window size): its rate
     * from its first record fetched to its last window closed, and the windows it closed.
     */
    private Map<Service, double[]> awaitConsumed(LocalStack stack, int events, List<Service> services)
            throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Map<Service, double[]> done = new LinkedHashMap<>();
        Map<Service, long[]> firstSeen = new EnumMap<>(Service.class);
        long expectedWindows = events / WINDOW;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long lastReport = System.nanoTime();
        while (done.size() < services.size() && System.nanoTime() < deadline) {
            for (Service s : services) {
                if (done.containsKey(s)) {
                    continue;
                }
                String metrics = metrics(http, stack.url(s));
                // The client-level series only: Micrometer also exports one per topic, which would count twice.
                long consumed = (long)
                        sum(metrics, "kafka_consumer_fetch_manager_records_consumed_total", "events-in", "topic=");
                long windows = (long) sum(metrics, "aimon_windows_closed_total", "", null);
                long now = System.nanoTime();
                if (consumed > 0 && !firstSeen.containsKey(s)) {
                    firstSeen.put(s, new long[] {now, consumed});
                }
                // Done when every window has closed: the fetch counter runs ahead of the processing.
                if (windows >= expectedWindows) {
                    long[] first = firstSeen.get(s);
                    double rate = (events - first[1]) / ((now - first[0]) / 1e9);
                    done.put(s, new double[] {rate, windows});
                }
                if (now - lastReport > Duration.ofSeconds(10).toNanos()) {
                    out.printf(
                            "  … %s has fetched %,d of %,d events and closed %,d of %,d windows%n",
                            s.module(), consumed, events, windows, expectedWindows);
                    lastReport = now;
                }
            }
            Thread.sleep(250);
        }
        if (done.size() < services.size()) {
            throw new IllegalStateException("the services did not read every event in 30 minutes");
        }
        return done;
    }

    private static String metrics(HttpClient http, String base) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum of a metric's samples whose labels contain {@code labelPart} and not {@code without} (if given), in
     * Prometheus's text format.
     */
    static double sum(String metrics, String name, String labelPart, String without) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{")
                    && line.contains(labelPart)
                    && (without == null || !line.contains(without))) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** The peak resident set of a process (VmHWM), in kB; 0 where /proc does not say. */
    static long peakRss(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return 0;
    }

    /**
     * Waits until incident-service's count of recorded breaches of these models stops changing, then reads the
     * latency of each: from its detection (the window's evaluation) to its being recorded, in milliseconds.
     */
    private static List<Double> latencies(LocalPostgres postgres, List<String> models, Duration wait) throws Exception {
        String sql = "select extract(epoch from (received_at - detected_at)) * 1000 from monitoring_event"
                + " where model_id = any (?) and nonconformity_id is not null and detected_at is not null";
        long deadline = System.nanoTime() + wait.toNanos();
        List<Double> latencies = List.of();
        int stable = 0;
        try (Connection c = DriverManager.getConnection(
                postgres.jdbcUrl("aimon_bench_incident"), postgres.user(), postgres.password())) {
            while (System.nanoTime() < deadline && stable < 8) {
                List<Double> now = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setArray(1, c.createArrayOf("text", models.toArray()));
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            now.add(r.getDouble(1));
                        }
                    }
                }
                stable = !now.isEmpty() && now.size() == latencies.size() ? stable + 1 : 0;
                latencies = now;
                Thread.sleep(500);
            }
        }
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted;
    }

    /** The nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String json(Result r) {
        StringBuilder services = new StringBuilder();
        for (ServiceFigures f : r.services()) {
            services.append(services.isEmpty() ? "" : ",")
                    .append(
                            "{\"service\":\"%s\",\"eventsPerSecond\":%.1f,\"windowsClosed\":%d,\"ratio\":%.4f,\"peakRssKb\":%d}"
                                    .formatted(
                                            f.service(),
                                            f.eventsPerSecond(),
                                            f.windowsClosed(),
                                            f.ratio(),
                                            f.peakRssKb()));
        }
        return ("{\"events\":%d,\"producerEventsPerSecond\":%.1f,\"consumerEventsPerSecond\":%.1f,\"services\":[%s],"
                        + "\"breaches\":%d,\"latencyP50Millis\":%.1f,\"latencyP99Millis\":%.1f}\n")
                .formatted(
                        r.events(),
                        r.producerEventsPerSecond(),
                        r.consumerEventsPerSecond(),
                        services,
                        r.breaches(),
                        r.latencyP50Millis(),
                        r.latencyP99Millis());
    }
}
