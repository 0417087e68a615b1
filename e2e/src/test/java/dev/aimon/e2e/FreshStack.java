package dev.aimon.e2e;

import dev.aimon.devkit.kafka.LocalKafka;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * A broker of a suite's own and the four services on free ports (on the configured PostgreSQL, or a given one), with databases ({@code aimon_<name>_…}) and logs
 * ({@code e2e/target/<name>/logs}) of their own, emptied first: a fresh broker must not meet the checkpoints, plans
 * and records of an earlier run.
 */
record FreshStack(LocalKafka kafka, LocalStack stack, Map<Service, ProcessHandle> services, Path root)
        implements AutoCloseable {

    static FreshStack start(String name, int partitions) {
        return start(name, partitions, LocalPostgres.fromEnvironment());
    }

    /** As {@link #start(String, int)}, on this PostgreSQL server. */
    static FreshStack start(String name, int partitions, LocalPostgres postgres) {
        LocalKafka kafka = LocalKafka.startEphemeral(partitions);
        try {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                try (ServerSocket socket = new ServerSocket(0)) {
                    ports.put(s, socket.getLocalPort());
                }
            }
            Path root = repositoryRoot();
            String prefix = "aimon_" + name;
            Path stateDir = root.resolve("e2e/target/" + name);
            for (Service s : Service.values()) {
                postgres.dropDatabase(s.database().replaceFirst("^aimon", prefix));
                Files.deleteIfExists(stateDir.resolve("logs/" + s.module() + ".log"));
            }
            LocalStack stack = new LocalStack(root, stateDir, kafka.bootstrapServers(), postgres, ports, prefix);
            return new FreshStack(kafka, stack, stack.startServices(), root);
        } catch (IOException e) {
            kafka.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** The repository's root folder (system property {@code aimon.root}, set by the pom). */
    static Path repositoryRoot() {
        return Path.of(System.getProperty("aimon.root", "..")).toAbsolutePath().normalize();
    }

    @Override
    public void close() {
        services.values().forEach(p -> Processes.stop(p, Duration.ofSeconds(20)));
        kafka.close();
    }
}
