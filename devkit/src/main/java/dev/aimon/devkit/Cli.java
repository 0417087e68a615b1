package dev.aimon.devkit;

import dev.aimon.devkit.bench.IngestBench;
import dev.aimon.devkit.bench.PipelineBench;
import dev.aimon.devkit.demo.Demo;
import dev.aimon.devkit.demo.DemoData;
import dev.aimon.devkit.postgres.EmbeddedPostgres;
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
 * What {@code ./aimon} runs once it has found a JDK and built: the {@link #COMMANDS} ({@code up}, {@code down},
 * {@code status}, {@code restart}, {@code logs}, {@code demo}, {@code token}, {@code bench}). State (process ids, logs, the broker's data) lives in {@code <root>/.aimon}.
 */
public final class Cli {

    static final int KAFKA_PORT = 9092;
    static final String KAFKA = "kafka";
    static final String POSTGRES = "postgres";

    /** The stack; its PostgreSQL server is the configured one until {@link #postgres()} has chosen. */
    private LocalStack stack;

    private final EmbeddedPostgres embedded;
    private boolean postgresChosen;

    Cli(Path root) {
        this.stack = new LocalStack(
                root,
                root.resolve(".aimon"),
                "127.0.0.1:" + KAFKA_PORT,
                LocalPostgres.fromEnvironment(),
                LocalStack.defaultPorts(),
                "aimon");
        this.embedded = new EmbeddedPostgres(stack.stateDir().resolve(POSTGRES), stack.log(POSTGRES));
    }

    /** The subcommands devkit runs, in the order the usage lists them. */
    static final List<Command> COMMANDS = List.of(
            new Command(
                    "up",
                    "./aimon up",
                    "Starts the local Kafka broker and the four services, each only if it is not running already (so"
                            + " after a crash it brings back what died and leaves the rest), and prints where they are."
                            + " PostgreSQL: the server at AIMON_PG_HOST:AIMON_PG_PORT (default 127.0.0.1:5432), or,"
                            + " where nothing answers at the default, aimon's own, with its data in .aimon/postgres.",
                    Command.ordered(),
                    0,
                    0),
            new Command(
                    "down",
                    "./aimon down",
                    "Stops every process that up started (aimon's own PostgreSQL too; its data stays).",
                    Command.ordered(),
                    0,
                    0),
            new Command(
                    "status",
                    "./aimon status",
                    "Says which process is up and which is down, with the last lines of the log of each one that is"
                            + " down; exits 1 when one is.",
                    Command.ordered(),
                    0,
                    0),
            new Command(
                    "restart",
                    "./aimon restart SERVICE",
                    "Stops one process (postgres, kafka, ingest-service, fairness-service, drift-service or"
                            + " incident-service) if it runs, and starts it again.",
                    Command.ordered(),
                    1,
                    1),
            new Command(
                    "logs",
                    "./aimon logs SERVICE [-f]",
                    "Prints the log of one process (postgres, kafka or a service); -f then follows it until Ctrl-C.",
                    Command.ordered("-f", "follow the log as it grows"),
                    1,
                    1),
            new Command(
                    "demo",
                    "./aimon demo [--no-wait] [--data adult|german]",
                    "Starts what is not running (as up), then runs the demo's three acts (clean, bias, drift) on a real"
                            + " data set of data/ and prints the nonconformities they opened.",
                    Command.ordered("--data NAME", "adult (default) or german", "--no-wait", "exit after the table"),
                    0,
                    0),
            new Command(
                    "token",
                    "./aimon token ROLE... [--subject NAME]",
                    "Prints a bearer token signed by the local development key for these roles (producer, governance,"
                            + " auditor, sre, admin).",
                    Command.ordered("--subject NAME", "the token's subject (default: your user name)"),
                    1,
                    5),
            new Command(
                    "postgres",
                    "./aimon postgres start|stop",
                    "start: makes sure a PostgreSQL answers (as up chooses it) and prints AIMON_PG_HOST, AIMON_PG_PORT"
                            + " and whether it started aimon's own (STARTED=yes); stop: stops aimon's own. ./aimon test"
                            + " uses it.",
                    Command.ordered(),
                    1,
                    1),
            new Command(
                    "bench",
                    "./aimon bench [--events N] [--ingest-events N]",
                    "The end-to-end load run and the ingest run against bare Kafka clients (BENCHMARKS.md).",
                    Command.ordered(
                            "--events N",
                            "predictions of the load run (default 5,000,000)",
                            "--ingest-events N",
                            "events of the ingest run (default 200,000)"),
                    0,
                    0));

    public static void main(String[] args) throws Exception {
        // Smile logs each optimiser run at INFO; the demo's output is for the user.
        System.setProperty("org.slf4j.simpleLogger.log.smile", "warn");
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String name = args[0];
        Optional<Command> command =
                COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
        if (command.isEmpty()) {
            System.err.println("aimon: unknown command " + name);
            usage();
            System.exit(2);
        }
        Command.Parsed parsed;
        try {
            parsed = command.get().parse(List.of(args).subList(1, args.length));
        } catch (Command.Refused e) {
            System.err.println("aimon " + name + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        if (parsed.help()) {
            System.out.print(command.get().help());
            return;
        }
        Path root = Path.of(parsed.value("--root").orElse(".")).toAbsolutePath().normalize();
        Cli cli = new Cli(root);
        try {
            switch (name) {
                case "up" -> cli.up();
                case "down" -> cli.down();
                case "status" -> System.exit(cli.status() ? 0 : 1);
                case "restart" -> cli.restart(parsed.arguments().getFirst());
                case "postgres" -> cli.postgresCommand(parsed.arguments().getFirst());
                case "logs" -> cli.logs(parsed.arguments().getFirst(), parsed.flag("-f"));
                case "demo" -> cli.demo(parsed.value("--data").orElse("adult"), parsed.flag("--no-wait"));
                case "bench" -> {
                    int events = parsed.value("--events").map(Integer::parseInt).orElse(5_000_000);
                    int ingestEvents = parsed.value("--ingest-events")
                            .map(Integer::parseInt)
                            .orElse(200_000);
                    LocalPostgres postgres = cli.postgres();
                    new PipelineBench(root, postgres, System.out).run(events);
                    new IngestBench(root, postgres, System.out).run(ingestEvents);
                }
                case "token" ->
                    System.out.println(cli.stack.token(
                            parsed.value("--subject").orElse(System.getProperty("user.name")),
                            parsed.arguments().toArray(String[]::new)));
                default -> throw new IllegalStateException("no such command " + name);
            }
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            System.err.println("aimon " + name + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts the broker and each of the four services that is not running, and prints where they are: after one died,
     * it brings back that one and leaves the others as they are.
     */
    void up() {
        postgres();
        long t0 = System.nanoTime();
        if (running(KAFKA).isEmpty()) {
            try {
                startKafka();
            } catch (RuntimeException e) {
                // A broker that did not get ready in time is stopped, so that the next up starts a fresh one.
                running(KAFKA).ifPresent(p -> Processes.stop(p, Duration.ofSeconds(20)));
                throw e;
            }
            System.out.printf(
                    "Kafka (KRaft) ready on 127.0.0.1:%d in %.1f s%n", KAFKA_PORT, (System.nanoTime() - t0) / 1e9);
        }
        List<Service> missing = new ArrayList<>();
        for (Service s : Service.values()) {
            if (running(s.module()).isEmpty()) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            long t1 = System.nanoTime();
            System.out.println("Starting "
                    + String.join(", ", missing.stream().map(Service::module).toList()) + " …");
            stack.startServices(missing);
            System.out.printf("Ready in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        }
        status();
        System.out.println("Logs in " + stack.stateDir().resolve("logs") + "; stop with ./aimon down");
    }

    /**
     * The PostgreSQL server of this run, chosen once: the configured one when it answers, else aimon's own (started
     * if it is not running), unless the user named the configured one.
     */
    LocalPostgres postgres() {
        if (!postgresChosen) {
            LocalPostgres configured = stack.postgres();
            long t0 = System.nanoTime();
            LocalPostgres chosen = embedded.orConfigured(configured, LocalPostgres.named());
            if (embedded.started()) {
                System.out.printf(
                        "Nothing answers at %s:%d: started aimon's own PostgreSQL on 127.0.0.1:%d in %.1f s (data in"
                                + " %s)%n",
                        configured.host(),
                        configured.port(),
                        chosen.port(),
                        (System.nanoTime() - t0) / 1e9,
                        embedded.dir().resolve("data"));
            }
            stack = stack.withPostgres(chosen);
            postgresChosen = true;
        }
        return stack.postgres();
    }

    /** {@code ./aimon postgres start|stop}: for the test command, which exports what start prints. */
    void postgresCommand(String action) {
        switch (action) {
            case "start" -> {
                LocalPostgres chosen = postgres();
                System.out.println("AIMON_PG_HOST=" + chosen.host());
                System.out.println("AIMON_PG_PORT=" + chosen.port());
                System.out.println("STARTED=" + (embedded.started() ? "yes" : "no"));
            }
            case "stop" -> {
                if (embedded.stop()) {
                    System.out.println("stopped aimon's own PostgreSQL");
                }
            }
            default -> throw new IllegalArgumentException("postgres takes start or stop, not " + action);
        }
    }

    /** Stops one process if it runs, and starts it again. */
    void restart(String name) {
        if (name.equals(POSTGRES)) {
            if (embedded.running().isEmpty()
                    && EmbeddedPostgres.answers(
                            stack.postgres().host(), stack.postgres().port())) {
                throw new IllegalStateException(
                        "aimon uses the PostgreSQL at " + stack.postgres().host() + ":"
                                + stack.postgres().port() + ", which it did not start and does not restart");
            }
            embedded.stop();
            LocalPostgres started = embedded.start();
            System.out.println("started aimon's own PostgreSQL on 127.0.0.1:" + started.port()
                    + "; restart the services that use it (./aimon restart SERVICE)");
            return;
        }
        if (!name.equals(KAFKA) && service(name).isEmpty()) {
            throw new IllegalArgumentException("no process " + name + " (" + String.join(", ", processNames()) + ")");
        }
        running(name).ifPresent(p -> {
            Processes.stop(p, Duration.ofSeconds(20));
            System.out.println("stopped " + name + " (pid " + p.pid() + ")");
        });
        if (name.equals(KAFKA)) {
            startKafka();
            System.out.println("started kafka");
        } else {
            postgres();
            stack.startServices(List.of(service(name).orElseThrow()));
            System.out.println(
                    "started " + name + " at " + stack.url(service(name).orElseThrow()));
        }
    }

    /** Prints a process's log; with {@code follow}, goes on printing what is appended until interrupted. */
    void logs(String name, boolean follow) throws IOException, InterruptedException {
        if (!processNames().contains(name)) {
            throw new IllegalArgumentException("no process " + name + " (" + String.join(", ", processNames()) + ")");
        }
        Path log = stack.log(name);
        if (!Files.isRegularFile(log)) {
            throw new IllegalStateException("no log yet at " + log);
        }
        long printed = 0;
        do {
            long size = Files.size(log);
            if (size < printed) {
                printed = 0; // started again with a fresh log
            }
            if (size > printed) {
                try (var in = Files.newInputStream(log)) {
                    in.skipNBytes(printed);
                    System.out.write(in.readNBytes((int) Math.min(Integer.MAX_VALUE, size - printed)));
                    System.out.flush();
                }
                printed = size;
            }
            if (follow) {
                Thread.sleep(250);
            }
        } while (follow);
    }

    private static Optional<Service> service(String name) {
        for (Service s : Service.values()) {
            if (s.module().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static List<String> processNames() {
        List<String> names = new ArrayList<>(List.of(POSTGRES, KAFKA));
        for (Service s : Service.values()) {
            names.add(s.module());
        }
        return names;
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
        if (embedded.stop()) {
            System.out.println("stopped postgres (aimon's own; its data stays in " + embedded.dir() + ")");
        }
    }

    /** Prints each process and whether it answers, and the end of the log of each that is down; true when all are up. */
    boolean status() {
        List<String> down = new ArrayList<>();
        Optional<LocalPostgres> own = embedded.running();
        LocalPostgres pg = own.orElse(stack.postgres());
        boolean postgresUp = EmbeddedPostgres.answers(pg.host(), pg.port());
        System.out.printf(
                "  %-17s %-8s %s:%d%s%n",
                POSTGRES,
                postgresUp ? "up" : "down",
                pg.host(),
                pg.port(),
                own.isPresent() ? "  (aimon's own, data in " + embedded.dir().resolve("data") + ")" : "");
        if (!postgresUp) {
            down.add(POSTGRES);
        }
        boolean kafka = running(KAFKA).isPresent();
        System.out.printf("  %-17s %-8s 127.0.0.1:%d%n", KAFKA, kafka ? "up" : "down", KAFKA_PORT);
        if (!kafka) {
            down.add(KAFKA);
        }
        for (Service s : Service.values()) {
            boolean ready = running(s.module()).isPresent() && Processes.answers(stack.url(s) + "/q/health/ready");
            if (!ready) {
                down.add(s.module());
            }
            System.out.printf(
                    "  %-17s %-8s %s  (health %s/q/health, metrics %s/q/metrics)%n",
                    s.module(), ready ? "up" : "down", stack.url(s), stack.url(s), stack.url(s));
        }
        for (String name : down) {
            Path log = stack.log(name);
            if (Files.isRegularFile(log)) {
                System.out.printf("%n%s is down; the end of %s:%n%s%n", name, log, Processes.tail(log, 8));
            }
        }
        if (!down.isEmpty()) {
            System.out.println("\n./aimon up starts what is down; ./aimon logs NAME shows a whole log.");
        }
        return down.isEmpty();
    }

    void demo(String dataSet, boolean noWait) throws InterruptedException {
        // Read first: an unknown name, or a data file that fails its checksum, is refused before the stack starts.
        DemoData data = DemoData.named(dataSet);
        up();
        new Demo(stack, System.out).run(data);
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

    private static void usage() {
        System.err.println("usage:");
        COMMANDS.forEach(c -> System.err.println("  " + c.usage()));
        System.err.println("./aimon COMMAND --help says more of one.");
    }
}
