package dev.aimon.devkit.alert;

import dev.aimon.devkit.stack.ChildServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real Prometheus Alertmanager (Debian's {@code prometheus-alertmanager}, which {@code .ci/run} installs) as a child
 * process on a free loopback port, clustering off, with a receiver that sends nowhere: enough to take alerts and show
 * them on its API.
 */
public final class LocalAlertmanager implements AutoCloseable {

    static final List<String> BINARIES = List.of("/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager");

    private final ChildServer server;

    private LocalAlertmanager(ChildServer server) {
        this.server = server;
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
            return new LocalAlertmanager(ChildServer.start(
                    "alertmanager",
                    dir,
                    port -> List.of(
                            binary.toString(),
                            "--config.file=" + config,
                            "--storage.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--cluster.listen-address="),
                    "/-/ready"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its base URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
    }
}
