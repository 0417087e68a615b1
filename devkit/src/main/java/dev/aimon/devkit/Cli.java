package dev.aimon.devkit;

import dev.aimon.devkit.bench.IngestBench;
import dev.aimon.devkit.bench.PipelineBench;
import dev.aimon.devkit.demo.Demo;
import dev.aimon.devkit.demo.DemoData;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code ./aimon} runs once it has found a JDK and built: {@code up}, {@code down}, {@code status} and {@code
 * demo}. State (process ids, logs, the broker's data) lives in {@code <root>/.aimon}.
 */
public final class Cli {

    static final int KAFKA_PORT = 9092;
    static final String KAFKA = "kafka";

    private final LocalStack stack;

    Cli(Path root) {
        this.stack = new LocalStack(
                root,
                root.resolve(".aimon"),
                "127.0.0.1:" + KAFKA_PORT,
                LocalPostgres.fromEnvironment(),
                LocalStack.defaultPorts(),
                "aimon");
    }

    public static void main(String[] args) throws Exception {
        // Smile logs each optimiser run at INFO; the demo's output is for the user.
        System.setProperty("org.slf4j.simpleLogger.log.smile", "warn");
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.isEmpty()) {
            usage();
            System.exit(2);
        }
        String command = rest.remove(0);
        Path root = Path.of(option(rest, "--root").orElse(".")).toAbsolutePath().normalize();
        boolean noWait = rest.remove("--no-wait");
        Optional<String> subject = option(rest, "--subject");
        Cli cli = new Cli(root);
        try {
            switch (command) {
                case "up" -> cli.up();
                case "down" -> cli.down();
                case "status" -> System.exit(cli.status() ? 0 : 1);
                case "demo" -> cli.demo(option(rest, "--data").orElse("adult"), noWait);
                case "bench" -> {
                    int events = option(rest, "--events").map(Integer::parseInt).orElse(5_000_000);
                    int ingestEvents = option(rest, "--ingest-events")
                            .map(Integer::parseInt)
                            .orElse(200_000);
                    new PipelineBench(root, System.out).run(events);
                    new IngestBench(root, System.out).run(ingestEvents);
                }
                case "token" -> {
                    if (rest.isEmpty()) {
                        throw new IllegalStateException("usage: ./aimon token ROLE [ROLE …] [--subject NAME]"
                                + " (roles: producer, governance, auditor, sre, admin)");
                    }
                    String[] roles = rest.toArray(String[]::new);
                    rest.clear();
                    System.out.println(cli.stack.token(subject.orElse(System.getProperty("user.name")), roles));
                }
                default -> {
                    usage();
                    System.exit(2);
                }
            }
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("aimon " + command + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** Starts the broker and the four services unless they are already running, and prints where they are. */
    void up() {
        if (running(KAFKA).isPresent() || runningServices() > 0) {
            if (status()) {
                return;
            }
            throw new IllegalStateException(
                    "some aimon processes are running and some are not: run ./aimon down first");
        }
        long t0 = System.nanoTime();
        try {
            startKafka();
        } catch (RuntimeException e) {
            down();
            throw e;
        }
        System.out.printf(
                "Kafka (KRaft) ready on 127.0.0.1:%d in %.1f s%n", KAFKA_PORT, (System.nanoTime() - t0) / 1e9);
        long t1 = System.nanoTime();
        try {
            stack.startServices();
        } catch (RuntimeException e) {
            down();
            throw e;
        }
        System.out.printf("Services ready in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        status();
        System.out.println("Logs in " + stack.stateDir().resolve("logs") + "; stop with ./aimon down");
    }

    /** Stops every process that {@code up} started, by process id. */
    void down() {
        List<String> names = new ArrayList<>();
        for (Service s : Service.values()) {
            names.add(s.module());
        }
        names.add(KAFKA);
        for (String name : names) {
            running(name).ifPresent(p -> {
                Processes.stop(p, Duration.ofSeconds(20));
                System.out.println("stopped " + name + " (pid " + p.pid() + ")");
            });
            try {
                Files.deleteIfExists(stack.pidFile(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Prints each process and whether it answers; true when all are up. */
    boolean status() {
        boolean allUp = true;
        Optional<ProcessHandle> kafka = running(KAFKA);
        System.out.printf("  %-17s %-8s 127.0.0.1:%d%n", KAFKA, kafka.isPresent() ? "up" : "down", KAFKA_PORT);
        allUp &= kafka.isPresent();
        for (Service s : Service.values()) {
            boolean ready = running(s.module()).isPresent() && Processes.answers(stack.url(s) + "/q/health/ready");
            allUp &= ready;
            System.out.printf(
                    "  %-17s %-8s %s  (health %s/q/health, metrics %s/q/metrics)%n",
                    s.module(), ready ? "up" : "down", stack.url(s), stack.url(s), stack.url(s));
        }
        return allUp;
    }

    void demo(String dataSet, boolean noWait) throws InterruptedException {
        DemoData.named(
                dataSet); // refuses an unknown name, or a data file that fails its checksum, before the stack starts
        up();
        new Demo(stack, System.out).run(dataSet);
        if (noWait) {
            System.out.println("\nThe services keep running; stop them with ./aimon down");
            return;
        }
        System.out.println("\nThe services keep running until Ctrl-C.");
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(this::down));
        forever.await();
    }

    private void startKafka() {
        List<String> command = List.of(
                Processes.java(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.aimon.devkit.kafka.LocalKafka",
                "--port",
                Integer.toString(KAFKA_PORT),
                "--dir",
                stack.stateDir().resolve("kafka-data").toString());
        Path log = stack.log(KAFKA);
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = Processes.start(command, log);
        stack.writePid(KAFKA, process.pid());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Kafka exited during start-up; the end of " + log + ":\n" + Processes.tail(log, 30));
            }
            if (Processes.tail(log, 1000).contains("aimon local Kafka ready")) {
                return;
            }
            Processes.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("Kafka was not ready within 60 s; see " + log);
    }

    private int runningServices() {
        int n = 0;
        for (Service s : Service.values()) {
            if (running(s.module()).isPresent()) {
                n++;
            }
        }
        return n;
    }

    private Optional<ProcessHandle> running(String name) {
        Path pid = stack.pidFile(name);
        if (!Files.isRegularFile(pid)) {
            return Optional.empty();
        }
        try {
            return Processes.alive(Long.parseLong(Files.readString(pid).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            return Optional.empty();
        }
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return Optional.of(value);
    }

    private static void usage() {
        System.err.println("usage: aimon (up | down | status | demo [--no-wait] [--data adult|german]"
                + " | token ROLE... [--subject NAME] | bench [--events N] [--ingest-events N]) [--root DIR]");
    }
}
