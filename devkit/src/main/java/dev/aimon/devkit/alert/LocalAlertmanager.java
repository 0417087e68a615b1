package dev.aimon.devkit.alert;

import dev.aimon.devkit.stack.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}, which {@code .ci/run} installs) as a child
 * process on a free loopback port, clustering off, with a receiver that sends nowhere: enough to take alerts and show
 * them on its API.
 */
public final class LocalAlertmanager implements AutoCloseable {

    static final List<String> BINARIES = List.of("/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager");

    private final Process process;
    private final Path dir;
    private final int port;

    private LocalAlertmanager(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The Alertmanager binary of this machine, if one is installed. */
    public static Optional<Path> binary() {
        return BINARIES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Starts one and waits until it is ready. */
    public static LocalAlertmanager start() {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "no Alertmanager here: install Debian's prometheus-alertmanager (.ci/run does)"));
        try {
            Path dir = Files.createTempDirectory("aimon-alertmanager");
            Path config = dir.resolve("alertmanager.yml");
            Files.writeString(config, """
                    route:
                      receiver: nowhere
                      group_wait: 1s
                    receivers:
                      - name: nowhere
                    """);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process process = Processes.start(
                    List.of(
                            binary.toString(),
                            "--config.file=" + config,
                            "--storage.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--cluster.listen-address="),
                    dir.resolve("alertmanager.log"));
            LocalAlertmanager alertmanager = new LocalAlertmanager(process, dir, port);
            Processes.awaitReady(
                    "alertmanager",
                    process.toHandle(),
                    alertmanager.url() + "/-/ready",
                    Duration.ofSeconds(30),
                    dir.resolve("alertmanager.log"));
            return alertmanager;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its base URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        Processes.stop(process.toHandle(), Duration.ofSeconds(10));
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
