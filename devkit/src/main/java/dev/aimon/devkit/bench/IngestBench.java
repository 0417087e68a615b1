package dev.aimon.devkit.bench;

import dev.aimon.devkit.kafka.LocalKafka;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ingest benchmark: N prediction events (10 numeric features and a protected attribute) posted as NDJSON batches
 * of 1,000 to a real ingest-service (its own JVM) on a real broker, and, in the same run, the same events written
 * straight to a topic by a bare Kafka producer (acks=all), the ceiling. Prints both rates and their ratio, and writes
 * them as JSON.
 */
public final class IngestBench {

    static final int BATCH = 1000;
    static final int CLIENTS = 2;
    static final String TOPIC = "aimon.bench.ceiling";

    private final Path root;
    private final LocalPostgres postgres;
    private final PrintStream out;

    /**
     * @param root the repository's root folder
     * @param postgres the PostgreSQL server the services use
     * @param out where the figures go
     */
    public IngestBench(Path root, LocalPostgres postgres, PrintStream out) {
        this.root = root;
        this.postgres = postgres;
        this.out = out;
    }

    /** The figures of one run. */
    public record Result(long events, double ingestEventsPerSecond, double producerEventsPerSecond, double ratio) {}

    public Result run(int events) throws Exception {
        // The broker runs in this JVM: its logging stays quiet (slf4j-simple reads this on first use).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path stateDir = root.resolve(".aimon/bench");
        Files.deleteIfExists(stateDir.resolve("logs/ingest-service.log"));
        try (LocalKafka kafka = LocalKafka.startEphemeral(2)) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.put(Service.INGEST, socket.getLocalPort());
            }
            LocalStack stack = new LocalStack(root, stateDir, kafka.bootstrapServers(), postgres, ports, "aimon_bench");
            ProcessHandle ingest = stack.startService(Service.INGEST, Map.of());
            try {
                String token = stack.token("bench", "producer", "governance");
                String model = "bench-" + Long.toString(Instant.now().getEpochSecond(), 36);
                HttpClient http = HttpClient.newHttpClient();
                send(
                        http,
                        stack.url(Service.INGEST) + "/v1/models/" + model + "/plan",
                        "PUT",
                        "application/json",
                        plan(),
                        token);
                List<String> batches = batches(model, events);
                out.printf(
                        "ingest-service: %,d events in %,d NDJSON batches of %,d, %d clients%n",
                        events, batches.size(), BATCH, CLIENTS);
                post(http, stack.url(Service.INGEST), token, batches.subList(0, Math.min(20, batches.size())));
                long t0 = System.nanoTime();
                post(http, stack.url(Service.INGEST), token, batches);
                double ingestRate = batches.size() * (double) BATCH / ((System.nanoTime() - t0) / 1e9);
                double producerRate = ceiling(kafka.bootstrapServers(), batches);
                Result result = new Result(events, ingestRate, producerRate, ingestRate / producerRate);
                out.printf("  %-34s %,12.0f events/s%n", "through ingest-service (HTTP NDJSON)", ingestRate);
                out.printf("  %-34s %,12.0f events/s%n", "bare Kafka producer (the ceiling)", producerRate);
                out.printf("ratio ingest-service %.3f%n", result.ratio());
                Files.createDirectories(stateDir);
                Files.writeString(
                        stateDir.resolve("bench-ingest.json"),
                        "{\"events\":%d,\"ingestEventsPerSecond\":%.1f,\"producerEventsPerSecond\":%.1f,\"ratio\":%.4f}\n"
                                .formatted(events, ingestRate, producerRate, result.ratio()));
                out.println("written to " + stateDir.resolve("bench-ingest.json"));
                return result;
            } finally {
                Processes.stop(ingest, Duration.ofSeconds(20));
            }
        }
    }

    private static String plan() {
        StringBuilder features = new StringBuilder();
        for (int f = 0; f < 10; f++) {
            features.append(f == 0 ? "" : ",").append("{\"name\":\"f").append(f).append("\",\"type\":\"NUMERIC\"}");
        }
        return "{\"features\":[" + features
                + "],\"protectedAttributes\":[{\"name\":\"sex\",\"privileged\":[\"Male\"]}],"
                + "\"favorableOutcome\":1,\"window\":{\"events\":5000}}";
    }

    private static List<String> batches(String model, int events) {
        SplittableRandom random = new SplittableRandom(7);
        String now = Instant.now().toString();
        List<String> batches = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < events; i++) {
            batch.append("{\"eventId\":\"e")
                    .append(i)
                    .append("\",\"modelId\":\"")
                    .append(model)
                    .append("\",\"timestamp\":\"")
                    .append(now)
                    .append("\",\"features\":{");
            for (int f = 0; f < 10; f++) {
                batch.append(f == 0 ? "" : ",")
                        .append("\"f")
                        .append(f)
                        .append("\":")
                        .append(Math.round(random.nextDouble() * 1e4) / 100.0);
            }
            batch.append("},\"attributes\":{\"sex\":\"")
                    .append(random.nextBoolean() ? "Female" : "Male")
                    .append("\"},\"prediction\":")
                    .append(random.nextInt(2))
                    .append("}\n");
            if ((i + 1) % BATCH == 0 || i == events - 1) {
                batches.add(batch.toString());
                batch.setLength(0);
            }
        }
        return batches;
    }

    private static void post(HttpClient http, String base, String token, List<String> batches) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (long b = next.getAndIncrement(); b < batches.size(); b = next.getAndIncrement()) {
                        send(
                                http,
                                base + "/v1/predictions",
                                "POST",
                                "application/x-ndjson",
                                batches.get((int) b),
                                token);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void send(HttpClient http, String url, String method, String type, String body, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", type)
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        method + " " + url + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The same events, line by line, from a bare producer with acks=all: what the broker takes at most. */
    private static double ceiling(String bootstrap, List<String> batches)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            long t0 = System.nanoTime();
            long n = 0;
            for (String batch : batches) {
                for (String line : batch.split("\n")) {
                    producer.send(new ProducerRecord<>(TOPIC, "bench", line.getBytes(StandardCharsets.UTF_8)));
                    n++;
                }
            }
            producer.flush();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
