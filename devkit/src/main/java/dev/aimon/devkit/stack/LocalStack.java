package dev.aimon.devkit.stack;

import dev.aimon.devkit.auth.DevKeys;
import dev.aimon.devkit.postgres.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The four services as separate JVMs on this machine, from the builds in {@code <root>/<module>/target/quarkus-app},
 * against a given broker and PostgreSQL server. Used by the launcher ({@code ./aimon up}) and by the end-to-end
 * test.
 *
 * @param root the repository's root folder
 * @param stateDir where logs and process ids go
 * @param bootstrapServers the Kafka broker
 * @param postgres the PostgreSQL server
 * @param ports the HTTP port of each service
 * @param databasePrefix the prefix of the services' database names ({@code aimon} gives {@code aimon_ingest})
 */
public record LocalStack(
        Path root,
        Path stateDir,
        String bootstrapServers,
        LocalPostgres postgres,
        Map<Service, Integer> ports,
        String databasePrefix) {

    /**
     * Each service's heap. 256 MB ran out under the load benchmark (100,000 predictions waiting for labels, and their
     * checkpoint being encoded); a service that runs out exits (it resumes from its checkpoint when restarted) rather
     * than live on with its consumer stopped.
     */
    static final String HEAP = "-Xmx512m";

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    /** The default ports 8081–8084. */
    public static Map<Service, Integer> defaultPorts() {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, s.defaultPort());
        }
        return ports;
    }

    /** The same stack on another PostgreSQL server. */
    public LocalStack withPostgres(LocalPostgres server) {
        return new LocalStack(root, stateDir, bootstrapServers, server, ports, databasePrefix);
    }

    /** The local key pair that signs bearer tokens for incident-service ({@code <stateDir>/jwt}). */
    public DevKeys keys() {
        return DevKeys.in(stateDir.resolve("jwt"));
    }

    /** A bearer token for {@code subject} with these roles, valid for 12 hours. */
    public String token(String subject, String... roles) {
        return keys().token(subject, List.of(roles), Duration.ofHours(12));
    }

    public String url(Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public Path log(String name) {
        return stateDir.resolve("logs").resolve(name + ".log");
    }

    public Path pidFile(String name) {
        return stateDir.resolve("pids").resolve(name + ".pid");
    }

    /** Starts every service, waits until all are ready, and returns their processes (ids also in pid files). */
    public Map<Service, ProcessHandle> startServices() {
        return startServices(List.of(Service.values()));
    }

    /** Starts these services side by side, waits until all are ready, and returns their processes. */
    public Map<Service, ProcessHandle> startServices(List<Service> services) {
        return startServices(services, 0);
    }

    /**
     * Starts these services side by side at a lower CPU priority ({@code nice}, 0 to 19: every thread of the JVM
     * inherits it), waits until all are ready, and returns their processes.
     */
    public Map<Service, ProcessHandle> startServices(List<Service> services, int niceness) {
        Map<Service, ProcessHandle> started = new EnumMap<>(Service.class);
        try {
            for (Service s : services) {
                started.put(s, startService(s, List.of(), niceness));
            }
            for (Map.Entry<Service, ProcessHandle> e : started.entrySet()) {
                Service s = e.getKey();
                Processes.awaitReady(
                        s.module(), e.getValue(), url(s) + "/q/health/ready", READY_TIMEOUT, log(s.module()));
            }
            return started;
        } catch (RuntimeException e) {
            started.values().forEach(p -> Processes.stop(p, Duration.ofSeconds(10)));
            throw e;
        }
    }

    /**
     * Starts one service with extra system properties (a test's settings), waits until it is ready, and returns its
     * process.
     */
    public ProcessHandle startService(Service s, Map<String, String> properties) {
        ProcessHandle process = startService(
                s,
                properties.entrySet().stream()
                        .map(e -> "-D" + e.getKey() + "=" + e.getValue())
                        .toList(),
                0);
        try {
            Processes.awaitReady(s.module(), process, url(s) + "/q/health/ready", READY_TIMEOUT, log(s.module()));
        } catch (RuntimeException e) {
            Processes.stop(process, Duration.ofSeconds(10));
            throw e;
        }
        return process;
    }

    private ProcessHandle startService(Service s, List<String> options, int niceness) {
        Path jar = root.resolve(s.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw package -DskipTests)");
        }
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("a niceness from 0 to 19, got " + niceness);
        }
        List<String> command = new ArrayList<>();
        if (niceness > 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(niceness)));
        }
        command.addAll(List.of(
                Processes.java(),
                HEAP,
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                // lz4's native library, which the analysis services load for Kafka (NativeLz4).
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(extraOptions(s));
        command.add("-Dquarkus.http.port=" + ports.get(s));
        command.add("-Dkafka.bootstrap.servers=" + bootstrapServers);
        command.add(
                "-Dmp.jwt.verify.publickey.location=" + keys().publicKeyFile().toUri());
        command.addAll(options);
        if (s.database() != null) {
            String database = s.database().replaceFirst("^aimon", databasePrefix);
            postgres.ensureDatabase(database);
            postgres.quarkusConfig(database).forEach((k, v) -> {
                if (!v.isEmpty()) {
                    command.add("-D" + k + "=" + v);
                }
            });
        }
        command.add("-jar");
        command.add(jar.toString());
        Process process = Processes.start(command, log(s.module()));
        writePid(s.module(), process.pid());
        return process.toHandle();
    }

    /**
     * JVM options for every service from {@code AIMON_SERVICE_JAVA_OPTS} (separated by spaces; {@code {service}}
     * stands for the module's name), for instance a flight recording per service:
     * {@code -XX:StartFlightRecording=filename=/tmp/{service}.jfr,settings=profile}.
     */
    static List<String> extraOptions(Service s) {
        String options = System.getenv("AIMON_SERVICE_JAVA_OPTS");
        if (options == null || options.isBlank()) {
            return List.of();
        }
        return Arrays.stream(options.trim().split("\\s+"))
                .map(o -> o.replace("{service}", s.module()))
                .toList();
    }

    /** Records a process id so that {@code down} can stop it later. */
    public void writePid(String name, long pid) {
        try {
            Files.createDirectories(pidFile(name).getParent());
            Files.writeString(pidFile(name), Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
