package dev.aimon.devkit.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A server of this machine (Prometheus, Alertmanager) run as a child process on a free loopback port, in a temporary
 * folder of its own that goes with it.
 */
public final class ChildServer implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private ChildServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts one and waits until {@code readyPath} answers.
     *
     * @param name the server's name, for its log ({@code <name>.log} in its folder) and errors
     * @param dir its folder, with whatever configuration it needs already written
     * @param command its command line, given the port it is to listen on
     */
    public static ChildServer start(String name, Path dir, IntFunction<List<String>> command, String readyPath) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = dir.resolve(name + ".log");
        Process process = Processes.start(command.apply(port), log);
        ChildServer server = new ChildServer(process, dir, port);
        Processes.awaitReady(name, process.toHandle(), server.url() + readyPath, Duration.ofSeconds(30), log);
        return server;
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
