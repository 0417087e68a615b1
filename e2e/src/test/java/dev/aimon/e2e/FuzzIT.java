package dev.aimon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.devkit.kafka.LocalKafka;
import dev.aimon.devkit.kafka.TopicClient;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.EventJson;
import dev.aimon.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing (jqwik) of every endpoint that takes a body, on the running stack: malformed and hostile
 * bodies (truncated JSON, wrong types, NaN and Infinity, numbers past a double, deep nesting, invalid UTF-8, duplicate
 * keys and ids, long strings, random bytes) never get a 5xx; in an NDJSON batch the valid events around the bad lines
 * are all accepted, and all reach the topic once; and after it all the analysis consumers still close windows.
 */
class FuzzIT {

    static final String MODEL = "fuzz-model";
    static FreshStack fresh;
    static LocalKafka kafka;
    static LocalStack stack;
    static String recordId;
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicLong IDS = new AtomicLong();
    static final Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();
    static final AtomicInteger REQUESTS = new AtomicInteger();
    static final AtomicInteger SERVER_ERRORS = new AtomicInteger();
    static final AtomicInteger BAD_LINES = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        fresh = FreshStack.start("fuzz", 1);
        kafka = fresh.kafka();
        stack = fresh.stack();
        // A model with a plan, and a record to move: one biased window of 60 (20 women, none approved).
        send(
                "PUT",
                Service.INGEST,
                "/v1/models/" + MODEL + "/plan",
                "application/json",
                PLAN.getBytes(StandardCharsets.UTF_8));
        Thread.sleep(3000);
        StringBuilder window = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            window.append(valid(i < 20 ? "Female" : "Male", i < 20 ? 0 : 1)).append('\n');
        }
        HttpResponse<String> first = send(
                "POST",
                Service.INGEST,
                "/v1/predictions",
                "application/x-ndjson",
                window.toString().getBytes(StandardCharsets.UTF_8));
        EventJson.mapper().readTree(first.body()).path("accepted");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (recordId == null && System.nanoTime() < deadline) {
            JsonNode list = EventJson.mapper()
                    .readTree(send("GET", Service.INCIDENT, "/v1/nonconformities?modelId=" + MODEL, null, null)
                            .body());
            if (list.size() > 0) {
                recordId = list.get(0).path("id").asText();
            }
            Thread.sleep(500);
        }
        if (recordId == null) {
            throw new IllegalStateException("the biased window opened no record");
        }
    }

    /** After every try: each accepted event on the topic once, and the consumers still close windows. */
    @AfterContainer
    static void stop() throws Exception {
        try {
            StringBuilder window = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                window.append(valid("Male", 1)).append('\n');
            }
            send(
                            "POST",
                            Service.INGEST,
                            "/v1/predictions",
                            "application/x-ndjson",
                            window.toString().getBytes(StandardCharsets.UTF_8))
                    .body();
            try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
                List<String> ids = new ArrayList<>();
                topics.read(Topics.PREDICTIONS, r -> MODEL.equals(r.key()), Integer.MAX_VALUE, Duration.ofSeconds(20))
                        .forEach(r -> {
                            try {
                                ids.add(EventJson.mapper()
                                        .readTree(r.value())
                                        .path("eventId")
                                        .asText());
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                Set<String> distinct = new HashSet<>(ids);
                if (distinct.size() != ids.size() || !distinct.containsAll(ACCEPTED)) {
                    throw new AssertionError("events lost or duplicated: " + ACCEPTED.size() + " accepted, "
                            + ids.size() + " on the topic, " + distinct.size() + " distinct");
                }
                int windows = topics.read(Topics.WINDOWS, r -> MODEL.equals(r.key()), 1000, Duration.ofSeconds(20))
                        .size();
                long expected = 2L * (ids.size() / 60);
                if (windows < expected) {
                    throw new AssertionError("the analysis services closed " + windows + " windows of " + expected
                            + ": a consumer is stuck");
                }
                System.out.printf(
                        "FuzzIT: %d requests, %d answered 5xx; %d bad lines among %d accepted events, all on the topic"
                                + " once; %d windows closed%n",
                        REQUESTS.get(), SERVER_ERRORS.get(), BAD_LINES.get(), ACCEPTED.size(), windows);
                if (SERVER_ERRORS.get() > 0) {
                    throw new AssertionError(SERVER_ERRORS.get() + " requests answered 5xx");
                }
            }
        } finally {
            if (fresh != null) {
                fresh.close();
            }
        }
    }

    /** An NDJSON batch of valid events and bad lines: the valid all accepted, the bad each rejected with its index. */
    @Property(tries = 150)
    void validEventsAroundBadLinesAreAllAccepted(@ForAll("lines") List<String> lines) throws Exception {
        StringBuilder body = new StringBuilder();
        Set<Integer> bad = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line == null) {
                String event = valid(i % 3 == 0 ? "Female" : "Male", i % 2);
                ids.add(EventJson.mapper().readTree(event).path("eventId").asText());
                body.append(event);
            } else {
                bad.add(i);
                body.append(line.replace('\n', ' ').replace('\r', ' '));
            }
            body.append('\n');
        }
        BAD_LINES.addAndGet(bad.size());
        HttpResponse<String> r = send(
                "POST",
                Service.INGEST,
                "/v1/predictions",
                "application/x-ndjson",
                body.toString().getBytes(StandardCharsets.UTF_8));
        check(r.statusCode() < 500, "5xx for a batch: " + r.body());
        if (lines.isEmpty()) {
            return;
        }
        JsonNode answer = EventJson.mapper().readTree(r.body());
        check(
                answer.path("accepted").asInt() == ids.size(),
                "accepted " + answer.path("accepted") + " of " + ids.size() + ": " + r.body());
        Set<Integer> rejected = new HashSet<>();
        answer.path("rejected").forEach(x -> rejected.add(x.path("index").asInt()));
        check(rejected.equals(bad), "rejected " + rejected + ", bad lines " + bad + ": " + r.body());
        ACCEPTED.addAll(ids);
    }

    /** Any body, to any endpoint that takes one: never a 5xx. */
    @Property(tries = 400)
    void noBodyGetsA5xx(@ForAll("targets") Target target, @ForAll("bodies") byte[] body) {
        HttpResponse<String> r =
                send(target.method(), target.service(), target.path().replace("{id}", recordId), target.type(), body);
        check(r.statusCode() < 500, target + " answered " + r.statusCode() + " to " + preview(body) + ": " + r.body());
    }

    /**
     * Twenty megabytes of JSON announced with {@code Expect: 100-continue}: refused as too large (413) before the body
     * is sent, and the service answers the next request. (A raw socket: Java's HttpClient rejects the
     * {@code Connection} header of such an answer.)
     */
    @Example
    void anOversizedBodyIsRefused() throws Exception {
        URI uri = URI.create(stack.url(Service.INGEST));
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST /v1/predictions HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer "
                    + stack.token("fuzz", "producer") + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + (20 * 1024 * 1024) + "\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            REQUESTS.incrementAndGet();
            check(status != null && status.startsWith("HTTP/1.1 413"), "20 MB announced, answered " + status);
        }
        check(send("GET", Service.INGEST, "/q/health/ready", null, null).statusCode() == 200, "ingest is not ready");
    }

    // --- generators ---

    record Target(String method, Service service, String path, String type) {}

    @Provide
    Arbitrary<Target> targets() {
        return Arbitraries.of(
                new Target("PUT", Service.INGEST, "/v1/models/" + MODEL + "-2/plan", "application/json"),
                new Target("POST", Service.INGEST, "/v1/predictions", "application/json"),
                new Target("POST", Service.INGEST, "/v1/predictions", "application/x-ndjson"),
                new Target("POST", Service.INGEST, "/v1/labels", "application/json"),
                new Target("POST", Service.INGEST, "/v1/labels", "application/x-ndjson"),
                new Target("POST", Service.INGEST, "/v1/kserve", "application/json"),
                new Target("POST", Service.FAIRNESS, "/v1/evaluate", "application/json"),
                new Target("POST", Service.DRIFT, "/v1/evaluate", "application/json"),
                new Target("PUT", Service.DRIFT, "/v1/models/" + MODEL + "/reference", "application/json"),
                new Target("PUT", Service.DRIFT, "/v1/models/" + MODEL + "/reference", "application/x-ndjson"),
                new Target("PUT", Service.DRIFT, "/v1/models/" + MODEL + "/reference", "text/csv"),
                new Target("POST", Service.INCIDENT, "/v1/nonconformities/{id}/transitions", "application/json"),
                new Target("POST", Service.INCIDENT, "/v1/nonconformities/{id}/communications", "application/json"),
                new Target("POST", Service.INCIDENT, "/v1/nonconformities/{id}/regulatory-reports", "application/json"),
                new Target("POST", Service.INCIDENT, "/console/login", "application/x-www-form-urlencoded"),
                new Target(
                        "POST",
                        Service.INCIDENT,
                        "/console/nonconformities/{id}/transitions",
                        "application/x-www-form-urlencoded"));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> text = hostile().map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> badUtf8 = hostile().map(s -> {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            byte[] out = java.util.Arrays.copyOf(b, b.length + 3);
            out[out.length - 3] = (byte) 0xC3;
            out[out.length - 2] = (byte) 0x28;
            out[out.length - 1] = (byte) 0xFF;
            return out;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, text), net.jqwik.api.Tuple.of(2, bytes), net.jqwik.api.Tuple.of(2, badUtf8));
    }

    /** A batch: null for a valid event, else a bad line. */
    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just((String) null)), net.jqwik.api.Tuple.of(1, badLine()));
        return line.list().ofMaxSize(25);
    }

    /**
     * A line that is surely not a valid prediction: not JSON, not an object, or an event whose id, model, time or
     * prediction is not a scalar of its kind. (A missing feature or attribute is valid: drift counts it as missing.)
     */
    static Arbitrary<String> badLine() {
        return Arbitraries.oneOf(
                hostile().filter(s -> !s.isBlank()),
                Combinators.combine(
                                Arbitraries.of("eventId", "modelId", "timestamp", "prediction"),
                                Arbitraries.of("null", "[]", "{}", "NaN", "Infinity", "{\"a\":", "[1,2"))
                        .as((field, value) -> valid("Male", 1)
                                .replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "\"" + field + "\":" + value)));
    }

    /** JSON values that break something: wrong types, non-numbers, numbers past a double, huge strings, nulls. */
    static Arbitrary<String> values() {
        return Arbitraries.of(
                "null",
                "NaN",
                "Infinity",
                "-Infinity",
                "1e400",
                "-1e400",
                "123456789012345678901234567890",
                "\"\"",
                "[]",
                "{}",
                "true",
                "\"\\u0000\"",
                "\"" + "x".repeat(100_000) + "\"",
                "{\"a\":",
                "[1,2");
    }

    /** Hostile text: truncated or nested JSON, duplicate keys, random strings. */
    static Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.integers().between(1, 20_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 5_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                Arbitraries.integers().between(1, 200).map(n -> {
                    String event = valid("Male", 1);
                    return event.substring(0, Math.min(n, event.length() - 1));
                }),
                values(),
                Arbitraries.just("{\"eventId\":\"a\",\"eventId\":\"b\",\"modelId\":\"" + MODEL + "\"}"),
                Arbitraries.just("{\"plan\":{\"window\":{\"events\":-1}},\"events\":[{}]}"),
                Arbitraries.just("{\"to\":\"CLOSED\",\"result\":\"EFFECTIVE\",\"evidence\":[null]}"),
                Arbitraries.just("to=NOWHERE&owner=%00&token=" + "A".repeat(5000)),
                Arbitraries.just("age,sex\n" + "1e400,x\n".repeat(50)));
    }

    static final String PLAN = """
            {"features":[{"name":"age","type":"NUMERIC"}],
             "protectedAttributes":[{"name":"sex","privileged":["Male"]}],
             "favorableOutcome":1,"window":{"events":60},"minGroupSize":10,
             "fairness":{"alpha":0.05,"metrics":{"DISPARATE_IMPACT_RATIO":{"lower":0.8,"upper":1.25}}},
             "drift":{"reference":"FIRST_WINDOW"}}""";

    static String valid(String sex, int prediction) {
        long n = IDS.incrementAndGet();
        return "{\"eventId\":\"f-%d\",\"modelId\":\"%s\",\"timestamp\":\"%s\",\"features\":{\"age\":%d},\"attributes\":{\"sex\":\"%s\"},\"prediction\":%d}"
                .formatted(n, MODEL, Instant.parse("2026-11-27T00:00:00Z").plusMillis(n), 20 + n % 40, sex, prediction);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
        return body.length + " bytes: " + s;
    }

    static HttpResponse<String> send(String method, Service s, String path, String type, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url(s) + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + stack.token("fuzz", "producer", "governance", "admin"));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            REQUESTS.incrementAndGet();
            if (r.statusCode() >= 500) {
                SERVER_ERRORS.incrementAndGet();
            }
            return r;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
