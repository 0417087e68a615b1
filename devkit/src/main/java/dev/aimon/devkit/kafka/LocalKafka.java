package dev.aimon.devkit.kafka;

import dev.aimon.devkit.net.Ports;
import dev.aimon.events.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker in KRaft mode (one node that is both broker and controller), running in this JVM on
 * 127.0.0.1. For tests (through {@link KafkaBrokerResource}) and, as its own process through {@link #main}, for the
 * launcher. It creates the aimon topics, {@code aimon.plans} compacted.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final String bootstrapServers;

    private LocalKafka(KafkaRaftServer server, Path dataDir, boolean deleteOnClose, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on free ports with a temporary data folder, deleted on close. */
    public static LocalKafka startEphemeral(int partitions) {
        try {
            return start(Ports.free(), Files.createTempDirectory("aimon-kafka-"), true, partitions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker on {@code port} (0 for a free one) that keeps its data in {@code dataDir}, and returns once it
     * answers and the aimon topics exist.
     */
    public static LocalKafka start(int port, Path dataDir, boolean deleteOnClose, int partitions) {
        KafkaRaftServer server = null;
        try {
            int brokerPort = port == 0 ? Ports.free() : port;
            int controllerPort = Ports.free();
            Files.createDirectories(dataDir);
            Properties props = brokerProperties(brokerPort, controllerPort, dataDir, partitions);
            format(props, dataDir);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            createTopics(bootstrap, partitions);
            return new LocalKafka(server, dataDir, deleteOnClose, bootstrap);
        } catch (IOException | RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
            if (deleteOnClose) {
                deleteRecursively(dataDir);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the local Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /** {@code host:port} of the broker's PLAINTEXT listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker keeps its data. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private static Properties brokerProperties(int brokerPort, int controllerPort, Path dataDir, int partitions) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("num.partitions", Integer.toString(partitions));
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The 128 MiB default would be most of a small heap.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return p;
    }

    /** The cluster id of a formatted folder, or a new one for a fresh folder. */
    private static String clusterId(Path dataDir) throws IOException {
        Path meta = dataDir.resolve("meta.properties");
        if (Files.isRegularFile(meta)) {
            Properties formatted = new Properties();
            try (Reader r = Files.newBufferedReader(meta)) {
                formatted.load(r);
            }
            String id = formatted.getProperty("cluster.id");
            if (id != null) {
                return id;
            }
        }
        return Uuid.randomUuid().toString();
    }

    private static void format(Properties props, Path dataDir) throws IOException {
        Path config = dataDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            props.store(w, "aimon local broker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // execute, not main: main would exit the JVM. A fresh cluster id for a fresh folder; a formatted one keeps its
        // own (checkpoints of the analysis services are valid only in the cluster that gave their offsets).
        int rc = StorageTool.execute(
                new String[] {
                    "format", "--cluster-id", clusterId(dataDir), "--config", config.toString(), "--ignore-formatted"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException(
                    "formatting " + dataDir + " failed: " + out.toString(StandardCharsets.UTF_8));
        }
    }

    private static void createTopics(String bootstrap, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Set<String> existing = admin.listTopics().names().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> topics = Stream.of(
                            Topics.PREDICTIONS_RAW,
                            Topics.PREDICTIONS,
                            Topics.LABELS,
                            Topics.DLQ,
                            Topics.PLANS,
                            Topics.WINDOWS,
                            Topics.BREACHES,
                            Topics.AUDIT)
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)
                            .configs(
                                    t.equals(Topics.PLANS)
                                            ? Map.of(
                                                    TopicConfig.CLEANUP_POLICY_CONFIG,
                                                    TopicConfig.CLEANUP_POLICY_COMPACT)
                                            : Map.of()))
                    .toList();
            try {
                admin.createTopics(topics).all().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Runs a broker as its own process until it is told to stop (SIGTERM or Ctrl-C). Arguments: {@code --port N}
     * (default 9092), {@code --dir PATH} (default a temporary folder, deleted on exit), {@code --partitions N}
     * (default 3).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 9092;
        Path dir = null;
        int partitions = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--partitions" -> partitions = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long started = System.nanoTime();
        LocalKafka kafka;
        try {
            kafka = dir == null
                    ? start(port, Files.createTempDirectory("aimon-kafka-"), true, partitions)
                    : start(port, dir, false, partitions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }));
        System.out.printf(
                "aimon local Kafka ready on %s in %d ms%n",
                kafka.bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        stopped.await();
    }
}
