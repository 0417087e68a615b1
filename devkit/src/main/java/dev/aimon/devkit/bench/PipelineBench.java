package dev.aimon.devkit.bench;

import dev.aimon.devkit.kafka.LocalKafka;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.BreachKind;
import dev.aimon.events.FeatureType;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Topics;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowSummary;
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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The end-to-end load run. N prediction events (20 numeric features, one protected attribute, a prediction and a
 * score) of 4 models, two per partition, written into {@code aimon.predictions} by a bare producer; 80% of them
 * labelled, half inline and half by a {@code LabelEvent} on {@code aimon.labels} that follows its prediction by
 * {@value #LABEL_DELAY} events of its model. Two models have count windows of {@value #WINDOW}, two event-time
 * windows of a minute (an event every {@value #STEP_MILLIS} ms of event time); every tenth window is biased against
 * women. Then, each in its own JVM with the same heap: a bare consumer reading both topics (the ceiling, bytes only),
 * fairness-service alone, drift-service alone (alone on the machine, as the bare consumer was), and both together with
 * incident-service (the two at a lower CPU priority than incident-service: {@link #TOGETHER_NICENESS}; incident-service
 * warmed up first: {@link #WARM_UP_BREACHES}), each from the start of the topics and a clean checkpoint table. Per
 * run: records per second from its first record taken to its last window report, CPU seconds per million records (the
 * process's CPU time over the same span), windows closed, peak resident memory, checkpoint bytes; and, in the run
 * together, the latency from a breach's detection to incident-service recording it against a nonconformity.
 */
public final class PipelineBench {

    static final int MODELS = 4;
    static final int PARTITIONS = 2;
    static final int WINDOW = 5000;
    static final Duration TIME_WINDOW = Duration.ofMinutes(1);
    static final Duration LATENESS = Duration.ofSeconds(5);
    static final long STEP_MILLIS = 20;
    static final int FEATURES = 20;
    static final int LABEL_DELAY = 2000;
    /**
     * The CPU priority of the analysis services in the run together ({@code nice}): below incident-service's. In
     * Kubernetes each pod's share of a busy node follows its CPU request (its cgroup's weight; the chart requests
     * the same for every service), however many threads it runs; on one machine without cgroups each busy thread
     * takes a share, so two streams of three busy threads each left incident-service a quarter of two cores, and
     * breaches waited seconds behind them (p50 3.8 s, p99 6.4 s on 2026-12-02). The lower priority gives it the CPU
     * its pod would have.
     */
    static final int TOGETHER_NICENESS = 10;
    /**
     * Breaches of a model outside the run that incident-service records before the run together, as a service that
     * has run for a while is warm: one just started took over a second for its first breaches (its code not compiled
     * yet). They are not among the latencies, which are those of the run's models.
     */
    static final int WARM_UP_BREACHES = 400;

    private final Path root;
    private final LocalPostgres postgres;
    private final PrintStream out;

    /**
     * @param root the repository's root folder
     * @param postgres the PostgreSQL server the services use
     * @param out where the figures go
     */
    public PipelineBench(Path root, LocalPostgres postgres, PrintStream out) {
        this.root = root;
        this.postgres = postgres;
        this.out = out;
    }

    /** One process's figures in one run. */
    public record Figures(
            String process,
            double recordsPerSecond,
            double cpuSecondsPerMillion,
            long windowsClosed,
            double ratio,
            long peakRssKb,
            long checkpointBytes,
            long checkpointBytesPerModel) {

        Figures withCheckpoints(long perPartition, long perModel) {
            return new Figures(
                    process,
                    recordsPerSecond,
                    cpuSecondsPerMillion,
                    windowsClosed,
                    ratio,
                    peakRssKb,
                    perPartition,
                    perModel);
        }
    }

    /** The figures of one bench. */
    public record Result(
            long predictions,
            long labels,
            double producerRecordsPerSecond,
            Figures ceiling,
            Map<String, List<Figures>> runs,
            int breaches,
            double latencyP50Millis,
            double latencyP99Millis) {}

    public Result run(int events) throws Exception {
        if (events <= 0 || events % (MODELS * WINDOW) != 0) {
            throw new IllegalStateException("--events must be a positive multiple of " + MODELS * WINDOW
                    + " (models × window size), so that every count window closes");
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path stateDir = root.resolve(".aimon/bench");
        for (Service s : Service.values()) {
            Files.deleteIfExists(stateDir.resolve("logs/" + s.module() + ".log"));
        }
        String run = Long.toString(Instant.now().getEpochSecond(), 36);
        try (LocalKafka kafka = LocalKafka.startEphemeral(PARTITIONS)) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                try (ServerSocket socket = new ServerSocket(0)) {
                    ports.put(s, socket.getLocalPort());
                }
            }
            LocalStack stack = new LocalStack(root, stateDir, kafka.bootstrapServers(), postgres, ports, "aimon_bench");
            List<String> models = spread(run);
            try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
                for (int m = 0; m < MODELS; m++) {
                    topics.send(Topics.PLANS, models.get(m), plan(models.get(m), m % 2 == 1));
                }
            }
            int perModel = events / MODELS;
            long expectedWindows = 2L * (perModel / WINDOW) + 2L * closedTimeWindows(perModel);
            out.printf(
                    "pipeline: %,d predictions of %d models (%d per partition; 2 with count windows of %,d, 2 with"
                            + " windows of %s), %d features, 80%% labelled (half inline, half as label events)%n",
                    events, MODELS, MODELS / PARTITIONS, WINDOW, TIME_WINDOW, FEATURES);
            long[] produced = produce(kafka.bootstrapServers(), models, perModel);
            long records = produced[0] + produced[1];
            double producerRate = records / (produced[2] / 1e9);
            out.printf(
                    "  bare producer: %,d predictions and %,d labels at %,.0f records/s%n",
                    produced[0], produced[1], producerRate);
            Figures ceiling = bareConsumer(kafka.bootstrapServers(), records);
            out.printf(
                    "  bare consumer (the ceiling): %,.0f records/s, %.2f CPU s per million%n",
                    ceiling.recordsPerSecond(), ceiling.cpuSecondsPerMillion());

            Map<String, List<Figures>> runs = new LinkedHashMap<>();
            for (Service alone : List.of(Service.FAIRNESS, Service.DRIFT)) {
                runs.computeIfAbsent("alone", n -> new ArrayList<>())
                        .addAll(runOnce(stack, postgres, List.of(alone), 0, records, expectedWindows, ceiling));
            }
            // incident-service joins for the run together only, and reads only that run's reports and breaches:
            // those of the runs alone were the same (their ids too), and would all reach it at once.
            emptyTopics(kafka.bootstrapServers(), List.of(Topics.WINDOWS, Topics.BREACHES));
            ProcessHandle incident = stack.startService(Service.INCIDENT, Map.of());
            try {
                warmUp(kafka.bootstrapServers(), postgres, run);
                runs.put(
                        "together",
                        runOnce(
                                stack,
                                postgres,
                                List.of(Service.FAIRNESS, Service.DRIFT),
                                TOGETHER_NICENESS,
                                records,
                                expectedWindows,
                                ceiling));
                List<Double> latencies = latencies(postgres, models, Duration.ofSeconds(60));
                Result result = new Result(
                        produced[0],
                        produced[1],
                        producerRate,
                        ceiling,
                        runs,
                        latencies.size(),
                        percentile(latencies, 0.5),
                        percentile(latencies, 0.99));
                print(result, incident);
                Files.createDirectories(stateDir);
                Files.writeString(stateDir.resolve("bench-pipeline.json"), json(result));
                out.println("written to " + stateDir.resolve("bench-pipeline.json"));
                return result;
            } finally {
                Processes.stop(incident, Duration.ofSeconds(20));
            }
        }
    }

    /** Sends incident-service {@link #WARM_UP_BREACHES} breaches of a model of its own and waits until it has them. */
    private void warmUp(String bootstrap, LocalPostgres postgres, String run) throws Exception {
        String model = "bench-warm-up-" + run;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (TopicClient topics = new TopicClient(bootstrap)) {
            for (int i = 0; i < WARM_UP_BREACHES; i++) {
                // Twenty groups, so that both a group's first breach and its repeats go through incident-service.
                MetricResult result = new MetricResult(
                        Metric.DISPARATE_IMPACT_RATIO,
                        "sex",
                        "group-" + i % 20,
                        "reference",
                        null,
                        0.7,
                        1_000L,
                        2_000L,
                        List.of(0.6, 0.8),
                        1e-6,
                        new Threshold(0.8, 1.25),
                        Verdict.BREACH,
                        null,
                        null);
                topics.send(
                        Topics.BREACHES,
                        model,
                        new BreachEvent(
                                BreachEvent.SCHEMA_VERSION,
                                UUID.randomUUID().toString(),
                                UUID.randomUUID().toString(),
                                "fairness",
                                BreachKind.FAIRNESS,
                                model,
                                "1",
                                1,
                                new WindowSummary(now.minusSeconds(60), now, 5_000, 4_000L, (long) i),
                                result,
                                now,
                                null));
            }
        }
        String sql = "select count(*) from monitoring_event where model_id = ?";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Connection c = DriverManager.getConnection(
                        postgres.jdbcUrl("aimon_bench_incident"), postgres.user(), postgres.password());
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, model);
            long recorded = 0;
            while (recorded < WARM_UP_BREACHES && System.nanoTime() < deadline) {
                Thread.sleep(250);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    recorded = r.getLong(1);
                }
            }
            out.printf("  incident-service warmed up: %d of %d breaches recorded%n", recorded, WARM_UP_BREACHES);
        }
    }

    /** Deletes every record of these topics (their offsets go on from where they were). */
    private static void emptyTopics(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get()
                    .forEach((topic, d) -> d.partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach((tp, o) -> delete.put(tp, RecordsToDelete.beforeOffset(o.offset())));
            admin.deleteRecords(delete).all().get();
        }
    }

    /** Model ids spread evenly over the partitions (by the default partitioner's hash of the key). */
    static List<String> spread(String run) {
        int[] perPartition = new int[PARTITIONS];
        List<String> models = new ArrayList<>();
        for (int i = 0; models.size() < MODELS; i++) {
            String id = "bench-" + run + "-" + i;
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (perPartition[p] < MODELS / PARTITIONS) {
                perPartition[p]++;
                models.add(id);
            }
        }
        return models;
    }

    /** The time windows of one model that close: those whose end plus the lateness its last event passes. */
    static long closedTimeWindows(int perModel) {
        long last = (perModel - 1L) * STEP_MILLIS;
        long width = TIME_WINDOW.toMillis();
        long firstDue = width + LATENESS.toMillis();
        return last < firstDue ? 0 : (last - firstDue) / width + 1;
    }

    private List<Figures> runOnce(
            LocalStack stack,
            LocalPostgres postgres,
            List<Service> services,
            int niceness,
            long records,
            long expectedWindows,
            Figures ceiling)
            throws InterruptedException {
        for (Service s : services) {
            clearCheckpoints(postgres, s);
        }
        Map<Service, ProcessHandle> started = new EnumMap<>(Service.class);
        try {
            // Started side by side, so that neither reads the topics alone while the other starts.
            started.putAll(stack.startServices(services, niceness));
            Map<Service, double[]> measured = await(stack, started, records, expectedWindows);
            List<Figures> figures = new ArrayList<>();
            for (Service s : services) {
                double[] m = measured.get(s);
                figures.add(new Figures(
                        s.module(),
                        m[0],
                        m[1],
                        (long) m[2],
                        m[0] / ceiling.recordsPerSecond(),
                        peakRss(started.get(s)),
                        0,
                        0));
            }
            started.values().forEach(p -> Processes.stop(p, Duration.ofSeconds(30)));
            List<Figures> withCheckpoints = new ArrayList<>();
            for (Figures f : figures) {
                long[] bytes = checkpointBytes(postgres, f.process());
                withCheckpoints.add(f.withCheckpoints(bytes[0], bytes[1]));
                out.printf(
                        "  %-18s %s: %,.0f records/s (%.3f of the ceiling), %.2f CPU s per million, %,d windows,"
                                + " peak RSS %,d MB, last checkpoint %,d bytes per partition (%,d per model)%n",
                        f.process(),
                        services.size() == 1 ? "alone" : "together",
                        f.recordsPerSecond(),
                        f.ratio(),
                        f.cpuSecondsPerMillion(),
                        f.windowsClosed(),
                        f.peakRssKb() / 1024,
                        bytes[0],
                        bytes[1]);
            }
            return withCheckpoints;
        } finally {
            started.values().forEach(p -> Processes.stop(p, Duration.ofSeconds(30)));
        }
    }

    private void print(Result r, ProcessHandle incident) {
        out.printf("  %-26s %,11d MB%n", "incident-service peak RSS", peakRss(incident) / 1024);
        out.printf(
                "  breach → nonconformity: %d breaches, p50 %.0f ms, p99 %.0f ms%n",
                r.breaches(), r.latencyP50Millis(), r.latencyP99Millis());
        for (Figures f : r.runs().get("together")) {
            out.printf("ratio-together %s %.3f%n", f.process(), f.ratio());
        }
        for (Figures f : r.runs().get("alone")) {
            out.printf("ratio %s %.3f%n", f.process(), f.ratio());
        }
    }

    private static MonitoringPlanEvent plan(String model, boolean timeWindows) {
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
                        timeWindows
                                ? new MonitoringPlan.Window(null, TIME_WINDOW, LATENESS)
                                : new MonitoringPlan.Window(WINDOW, null, null),
                        30,
                        new MonitoringPlan.Fairness(
                                0.05, Map.of(Metric.DISPARATE_IMPACT_RATIO, Threshold.between(0.8, 1.25))),
                        new MonitoringPlan.Drift(0.01, MonitoringPlan.Reference.FIRST_WINDOW, null),
                        null));
    }

    /**
     * Writes the predictions round robin over the models, each model's event time advancing by {@value #STEP_MILLIS}
     * ms from a whole minute a day ago, and the delayed labels; returns predictions, labels and nanoseconds taken.
     */
    private static long[] produce(String bootstrap, List<String> models, int perModel) {
        SplittableRandom random = new SplittableRandom(11);
        long t0 = Instant.now()
                .minus(Duration.ofDays(1))
                .truncatedTo(ChronoUnit.MINUTES)
                .toEpochMilli();
        int[][] delayed = new int[models.size()][LABEL_DELAY];
        for (int[] ring : delayed) {
            Arrays.fill(ring, -1);
        }
        long predictions = 0;
        long labels = 0;
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
            long start = System.nanoTime();
            StringBuilder e = new StringBuilder(700);
            for (int k = 0; k < perModel; k++) {
                for (int m = 0; m < models.size(); m++) {
                    String model = models.get(m);
                    int slot = k % LABEL_DELAY;
                    if (delayed[m][slot] >= 0) {
                        labels++;
                        producer.send(label(model, k - LABEL_DELAY, delayed[m][slot]));
                        delayed[m][slot] = -1;
                    }
                    long window = m % 2 == 1 ? k * STEP_MILLIS / TIME_WINDOW.toMillis() : k / WINDOW;
                    boolean biased = window % 10 == 9;
                    boolean female = random.nextBoolean();
                    int prediction = random.nextDouble() < (female && biased ? 0.2 : 0.5) ? 1 : 0;
                    int truth = random.nextDouble() < 0.8 ? prediction : 1 - prediction;
                    double labelling = random.nextDouble();
                    e.setLength(0);
                    e.append("{\"schemaVersion\":1,\"eventId\":\"")
                            .append(model)
                            .append('-')
                            .append(k)
                            .append("\",\"modelId\":\"")
                            .append(model)
                            .append("\",\"modelVersion\":\"1\",\"timestamp\":\"")
                            .append(Instant.ofEpochMilli(t0 + k * STEP_MILLIS))
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
                            .append(prediction)
                            .append(",\"score\":")
                            .append(Math.round(random.nextDouble() * 1e4) / 1e4);
                    if (labelling < 0.4) {
                        e.append(",\"label\":").append(truth);
                    } else if (labelling < 0.8) {
                        delayed[m][slot] = truth;
                    }
                    e.append('}');
                    predictions++;
                    producer.send(new ProducerRecord<>(
                            Topics.PREDICTIONS, model, e.toString().getBytes(StandardCharsets.UTF_8)));
                }
            }
            for (int m = 0; m < models.size(); m++) {
                for (int k = perModel; k < perModel + LABEL_DELAY; k++) {
                    int slot = k % LABEL_DELAY;
                    if (delayed[m][slot] >= 0) {
                        labels++;
                        producer.send(label(models.get(m), k - LABEL_DELAY, delayed[m][slot]));
                    }
                }
            }
            producer.flush();
            return new long[] {predictions, labels, System.nanoTime() - start};
        }
    }

    private static ProducerRecord<String, byte[]> label(String model, int k, int truth) {
        String json = "{\"schemaVersion\":1,\"eventId\":\"" + model + "-" + k + "\",\"modelId\":\"" + model
                + "\",\"label\":" + truth + "}";
        return new ProducerRecord<>(Topics.LABELS, model, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The bare consumer in a JVM of its own (the services' heap and collector), reading both topics. */
    private Figures bareConsumer(String bootstrap, long records) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Processes.java(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                BareConsumer.class.getName(),
                bootstrap,
                Topics.PREDICTIONS + "," + Topics.LABELS,
                Long.toString(records)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the bare consumer failed: " + output);
        }
        String[] words = output.substring(output.lastIndexOf("records ")).trim().split("\\s+");
        double read = Double.parseDouble(words[1]);
        double seconds = Double.parseDouble(words[3]);
        double cpu = Double.parseDouble(words[5]);
        return new Figures("bare-consumer", read / seconds, cpu / read * 1e6, 0, 1.0, 0, 0, 0);
    }

    /**
     * Polls each service's metrics until it has taken every record and closed every window: its rate and CPU seconds
     * per million records from the first poll that saw a record taken to the one that saw it done, and its windows.
     */
    private Map<Service, double[]> await(
            LocalStack stack, Map<Service, ProcessHandle> services, long records, long expectedWindows)
            throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Map<Service, double[]> done = new LinkedHashMap<>();
        Map<Service, double[]> first = new EnumMap<>(Service.class);
        long deadline = System.nanoTime() + Duration.ofMinutes(40).toNanos();
        long lastReport = System.nanoTime();
        while (done.size() < services.size() && System.nanoTime() < deadline) {
            for (Map.Entry<Service, ProcessHandle> e : services.entrySet()) {
                Service s = e.getKey();
                if (done.containsKey(s)) {
                    continue;
                }
                String metrics = metrics(http, stack.url(s));
                long processed = (long) sum(metrics, "aimon_events_processed_total", "", null);
                long windows = (long) sum(metrics, "aimon_windows_closed_total", "", null);
                if (processed > 0 && !first.containsKey(s)) {
                    first.put(s, new double[] {System.currentTimeMillis(), processed, cpuSeconds(e.getValue())});
                }
                if (processed >= records && windows >= expectedWindows) {
                    // The end is the service's own time of its last report, so that polling seldom loses nothing.
                    double end = max(metrics, "aimon_last_window_report_timestamp_seconds") * 1000;
                    double[] f = first.get(s);
                    double taken = records - f[1];
                    double seconds = (end - f[0]) / 1e3;
                    double cpu = cpuSeconds(e.getValue()) - f[2];
                    done.put(s, new double[] {taken / seconds, cpu / taken * 1e6, windows});
                    out.printf(
                            "  … %s done in %.1f s, of which it waited %.1f s for its pipeline%n",
                            s.module(), seconds, sum(metrics, "aimon_stream_backpressure_seconds_total", "", null));
                }
                if (System.nanoTime() - lastReport > Duration.ofSeconds(10).toNanos()) {
                    out.printf(
                            "  … %s has taken %,d of %,d records and closed %,d of %,d windows%n",
                            s.module(), processed, records, windows, expectedWindows);
                    lastReport = System.nanoTime();
                }
            }
            // Often until each has taken its first record (the start of its time), then seldom: a scrape costs the
            // service that is measured some CPU.
            Thread.sleep(first.size() < services.size() ? 50 : 1000);
        }
        if (done.size() < services.size()) {
            throw new IllegalStateException("the services did not take every record in 40 minutes");
        }
        return done;
    }

    /** A process's CPU time (user and system) so far, in seconds, from /proc; 0 where /proc does not say. */
    static double cpuSeconds(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command, in clock ticks.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void clearCheckpoints(LocalPostgres postgres, Service s) {
        String database = s.database().replaceFirst("^aimon", "aimon_bench");
        postgres.ensureDatabase(database);
        try (Connection c =
                        DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
                PreparedStatement st = c.prepareStatement("delete from checkpoint")) {
            st.executeUpdate();
        } catch (SQLException e) {
            // no table yet: the service's first start creates it
        }
    }

    /** The size of the service's last checkpoint of each partition, averaged: per partition and per model. */
    private static long[] checkpointBytes(LocalPostgres postgres, String module) {
        String database = ("aimon_" + module.replace("-service", "")).replaceFirst("^aimon", "aimon_bench");
        try (Connection c =
                        DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
                PreparedStatement st = c.prepareStatement(
                        "select count(*), coalesce(sum(octet_length(state)), 0)" + " from checkpoint")) {
            try (ResultSet r = st.executeQuery()) {
                r.next();
                long partitions = Math.max(1, r.getLong(1));
                long bytes = r.getLong(2);
                return new long[] {bytes / partitions, bytes / MODELS};
            }
        } catch (SQLException e) {
            return new long[] {0, 0};
        }
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

    /** The largest value of a metric's series; NaN when it has none. */
    static double max(String metrics, String name) {
        double max = Double.NaN;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{")) {
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                max = Double.isNaN(max) ? v : Math.max(max, v);
            }
        }
        return max;
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

    private static String json(Figures f) {
        return ("{\"process\":\"%s\",\"recordsPerSecond\":%.1f,\"cpuSecondsPerMillion\":%.3f,\"windowsClosed\":%d,"
                        + "\"ratio\":%.4f,\"peakRssKb\":%d,\"checkpointBytes\":%d,\"checkpointBytesPerModel\":%d}")
                .formatted(
                        f.process(),
                        f.recordsPerSecond(),
                        f.cpuSecondsPerMillion(),
                        f.windowsClosed(),
                        f.ratio(),
                        f.peakRssKb(),
                        f.checkpointBytes(),
                        f.checkpointBytesPerModel());
    }

    private static String json(Result r) {
        StringBuilder runs = new StringBuilder();
        r.runs().forEach((name, figures) -> {
            runs.append(runs.isEmpty() ? "" : ",").append('"').append(name).append("\":[");
            for (int i = 0; i < figures.size(); i++) {
                runs.append(i == 0 ? "" : ",").append(json(figures.get(i)));
            }
            runs.append(']');
        });
        return ("{\"predictions\":%d,\"labels\":%d,\"producerRecordsPerSecond\":%.1f,\"ceiling\":%s,\"runs\":{%s},"
                        + "\"breaches\":%d,\"latencyP50Millis\":%.1f,\"latencyP99Millis\":%.1f}\n")
                .formatted(
                        r.predictions(),
                        r.labels(),
                        r.producerRecordsPerSecond(),
                        json(r.ceiling()),
                        runs,
                        r.breaches(),
                        r.latencyP50Millis(),
                        r.latencyP99Millis());
    }
}
