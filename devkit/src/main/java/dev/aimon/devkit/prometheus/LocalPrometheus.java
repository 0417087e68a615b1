package dev.aimon.devkit.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.devkit.stack.ChildServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus server (Debian's {@code prometheus}, which {@code .ci/run} installs) as a child process on a free
 * loopback port: it scrapes the given services' {@code /q/metrics} every second, loads the given rule files and
 * evaluates them every second, and answers its HTTP API.
 */
public final class LocalPrometheus implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ChildServer server;

    private LocalPrometheus(ChildServer server) {
        this.server = server;
    }

    /** The Prometheus binary of this machine, if one is installed. */
    public static Optional<Path> binary() {
        return Files.isExecutable(BINARY) ? Optional.of(BINARY) : Optional.empty();
    }

    /**
     * Starts one and waits until it is ready.
     *
     * @param targets the scrape jobs: job name → {@code host:port} of a service's HTTP port
     * @param ruleFiles the rule files to load
     */
    public static LocalPrometheus start(Map<String, String> targets, List<Path> ruleFiles) {
        Path binary = binary().orElseThrow(() ->
                new IllegalStateException("no Prometheus here: install Debian's prometheus (.ci/run does)"));
        try {
            Path dir = Files.createTempDirectory("aimon-prometheus");
            StringBuilder config = new StringBuilder("""
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                    """);
            for (Path rules : ruleFiles) {
                config.append("  - ").append(rules.toAbsolutePath()).append('\n');
            }
            config.append("scrape_configs:\n");
            targets.forEach((job, target) -> config.append("""
                      - job_name: %s
                        metrics_path: /q/metrics
                        static_configs:
                          - targets: ["%s"]
                    """.formatted(job, target)));
            Files.writeString(dir.resolve("prometheus.yml"), config);
            return new LocalPrometheus(ChildServer.start(
                    "prometheus",
                    dir,
                    port -> List.of(
                            binary.toString(),
                            "--config.file=" + dir.resolve("prometheus.yml"),
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port),
                    "/-/ready"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its base URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return server.url();
    }

    /** The alerts pending or firing now ({@code /api/v1/alerts}): each with its labels, state and annotations. */
    public List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        get("/api/v1/alerts").path("data").path("alerts").forEach(alerts::add);
        return alerts;
    }

    /** The names of every series Prometheus has scraped. */
    public List<String> metricNames() {
        List<String> names = new ArrayList<>();
        get("/api/v1/label/__name__/values").path("data").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The result of an instant query. */
    public JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .path("data")
                .path("result");
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url() + path)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
