package dev.aimon.devkit.alert;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint for a service's Quarkus tests: it keeps every request it gets (headers and body) and answers
 * 500 to the first {@code failFirst} of them, so that retries show. Its URL goes to {@code aimon.incident.webhook-urls}
 * and the secret to {@code aimon.incident.webhook-secret}.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    /** The secret the service signs with in the tests. */
    public static final String SECRET = "test-webhook-secret";

    /**
     * One request received.
     *
     * @param status what the receiver answered
     */
    public record Received(Map<String, List<String>> headers, byte[] body, int status) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FAIL_NEXT = new AtomicInteger();
    private HttpServer server;

    /** Everything received so far. */
    public static List<Received> received() {
        return List.copyOf(RECEIVED);
    }

    /** Answers 500 to the next {@code n} requests. */
    public static void failNext(int n) {
        FAIL_NEXT.set(n);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status = FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            RECEIVED.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return Map.of(
                "aimon.incident.webhook-urls",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                "aimon.incident.webhook-secret",
                SECRET);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
