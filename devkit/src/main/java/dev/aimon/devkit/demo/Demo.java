package dev.aimon.devkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.devkit.demo.AdultData.Person;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.EventJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo on the UCI Adult data: trains the model on adult.data, registers its monitoring plan, uploads its
 * predictions on the training data as the drift reference, streams its
 * predictions on adult.test through ingest, and prints the nonconformities that incident-service opened.
 */
public final class Demo {

    static final String MODEL = "adult-income";
    static final int WINDOW = 2000;
    static final int BATCH = 1000;

    private static final ObjectMapper JSON = EventJson.mapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LocalStack stack;
    private final PrintStream out;

    private final String token;
    private final String run = Long.toString(Instant.now().getEpochSecond(), 36);

    public Demo(LocalStack stack, PrintStream out) {
        this.token = stack.token("demo", "producer", "governance", "auditor");
        this.stack = stack;
        this.out = out;
    }

    public void run(Path dataDir) {
        Path adult = dataDir.resolve("adult");
        out.printf("Training the demo model (Smile logistic regression) on %s ...%n", adult.resolve("adult.data"));
        List<Person> training = AdultData.read(adult.resolve("adult.data"));
        IncomeModel model = IncomeModel.train(training);
        List<Person> test = AdultData.read(adult.resolve("adult.test"));

        JsonNode plan =
                send("PUT", stack.url(Service.INGEST) + "/v1/models/" + MODEL + "/plan", "application/json", plan());
        out.printf(
                "Registered the monitoring plan of '%s', version %s.%n",
                MODEL, plan.path("planVersion").asText());
        JsonNode reference = uploadReference(training, model);
        out.printf(
                "Uploaded the training data as the drift reference: version %s, %,d rows, sha256 %s.%n",
                reference.path("version").path("version").asText(),
                reference.path("version").path("rows").asLong(),
                reference.path("version").path("sha256").asText().substring(0, 16) + "…");

        long started = System.nanoTime();
        int accepted = 0;
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < test.size(); i++) {
            batch.append(write(event(run, i, test.get(i), model.score(test.get(i)))))
                    .append('\n');
            if ((i + 1) % BATCH == 0 || i + 1 == test.size()) {
                JsonNode answer = send(
                        "POST",
                        stack.url(Service.INGEST) + "/v1/predictions",
                        "application/x-ndjson",
                        batch.toString());
                accepted += answer.path("accepted").asInt();
                batch.setLength(0);
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf(
                        "  streamed %,6d of %,d predictions (%,.0f events/s)%n", i + 1, test.size(), (i + 1) / seconds);
            }
        }
        out.printf("Accepted %,d predictions: %d windows of %,d close.%n", accepted, accepted / WINDOW, WINDOW);

        JsonNode records = awaitNonconformities(Duration.ofSeconds(60));
        printTable(records);
        out.println();
        out.println("Explore:");
        out.printf(
                "  nonconformities  curl -H \"Authorization: Bearer $(./aimon token auditor)\" %s/v1/nonconformities?modelId=%s%n",
                stack.url(Service.INCIDENT), MODEL);
        out.printf("  fairness windows %s/v1/models/%s/windows%n", stack.url(Service.FAIRNESS), MODEL);
        out.printf("  drift windows    %s/v1/models/%s/windows%n", stack.url(Service.DRIFT), MODEL);
        for (Service s : Service.values()) {
            out.printf("  %-16s %s/q/metrics  %s/q/openapi%n", s.module(), stack.url(s), stack.url(s));
        }
    }

    /**
     * Uploads the model's predictions on its training data as drift-service's reference profile (NDJSON), once
     * drift-service has the plan (it answers 409 until the plan reaches it on {@code aimon.plans}).
     */
    private JsonNode uploadReference(List<Person> training, IncomeModel model) {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < training.size(); i++) {
            Person p = training.get(i);
            ndjson.append(write(event("reference", i, p, model.score(p)))).append('\n');
        }
        String url = stack.url(Service.DRIFT) + "/v1/models/" + MODEL + "/reference";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return send("PUT", url, "application/x-ndjson", ndjson.toString());
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains(" 409:") || System.nanoTime() > deadline) {
                    throw e;
                }
                Processes.sleep(Duration.ofMillis(500));
            }
        }
    }

    /** Polls until the list of nonconformities stops changing (or the time runs out). */
    private JsonNode awaitNonconformities(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        int stable = 0;
        while (System.nanoTime() < deadline && stable < 4) {
            JsonNode now =
                    send("GET", stack.url(Service.INCIDENT) + "/v1/nonconformities?modelId=" + MODEL, null, null);
            stable = now.equals(last) && !now.isEmpty() ? stable + 1 : 0;
            last = now;
            Processes.sleep(Duration.ofMillis(750));
        }
        return last;
    }

    private void printTable(JsonNode records) {
        out.println();
        out.printf("Nonconformities of '%s' (%d):%n", MODEL, records.size());
        out.printf(
                "  %-13s %-10s %-3s %-30s %-20s %-20s %8s %-14s %6s %5s%n",
                "REF", "KIND", "SEV", "METRIC", "ATTRIBUTE/FEATURE", "GROUP", "VALUE", "BOUNDS", "N", "SEEN");
        for (JsonNode nc : records) {
            JsonNode m = nc.path("metric");
            String subject = m.has("feature")
                    ? m.path("feature").asText()
                    : m.path("attribute").asText();
            String bounds = "[" + m.path("threshold").path("lower").asText("-") + ", "
                    + m.path("threshold").path("upper").asText("-") + "]";
            out.printf(
                    "  %-13s %-10s %-3s %-30s %-20s %-20s %8.4f %-14s %6d %5d%n",
                    nc.path("ref").asText(),
                    nc.path("breachKind").asText(),
                    nc.path("severity").asText(),
                    m.path("name").asText(),
                    subject,
                    m.path("group").asText(""),
                    m.path("value").asDouble(),
                    bounds,
                    m.path("n").asLong(),
                    nc.path("occurrences").asInt());
        }
    }

    static Map<String, Object> plan() {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put(
                "features",
                List.of(
                        Map.of("name", "age", "type", "NUMERIC"),
                        Map.of("name", "education_num", "type", "NUMERIC"),
                        Map.of("name", "hours_per_week", "type", "NUMERIC"),
                        Map.of("name", "capital_gain", "type", "NUMERIC"),
                        Map.of("name", "education", "type", "CATEGORICAL"),
                        Map.of("name", "occupation", "type", "CATEGORICAL")));
        plan.put(
                "protectedAttributes",
                List.of(
                        Map.of("name", "sex", "privileged", List.of("Male")),
                        Map.of("name", "race", "privileged", List.of("White"))));
        plan.put("intersections", List.of(List.of("sex", "race")));
        plan.put("favorableOutcome", 1);
        plan.put("window", Map.of("events", WINDOW));
        plan.put("minGroupSize", 30);
        plan.put(
                "fairness",
                Map.of(
                        "alpha",
                        0.05,
                        "metrics",
                        Map.of(
                                "DISPARATE_IMPACT_RATIO", Map.of("lower", 0.8, "upper", 1.25),
                                "STATISTICAL_PARITY_DIFFERENCE", Map.of("lower", -0.1, "upper", 0.1))));
        plan.put(
                "drift", Map.of("alpha", 0.01, "reference", "UPLOADED", "metrics", Map.of("KS", Map.of("upper", 0.1))));
        plan.put("expectedInterval", "PT10M");
        return plan;
    }

    /** One prediction of the demo; the run's id keeps each run's event ids apart (ingest accepts an id once). */
    static Map<String, Object> event(String run, int i, Person p, double score) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("age", p.age());
        features.put("education_num", p.educationNum());
        features.put("hours_per_week", p.hoursPerWeek());
        features.put("capital_gain", p.capitalGain());
        features.put("education", p.education());
        features.put("occupation", p.occupation());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "adult-test-" + run + "-" + i);
        e.put("modelId", MODEL);
        e.put("modelVersion", "1.0.0");
        e.put("timestamp", Instant.now().toString());
        e.put("features", features);
        e.put("attributes", Map.of("sex", p.sex(), "race", p.race()));
        e.put("prediction", score >= 0.5 ? 1 : 0);
        e.put("score", Math.round(score * 1e4) / 1e4);
        e.put("label", p.highIncome() ? 1 : 0);
        return e;
    }

    private JsonNode send(String method, String url, String contentType, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String s ? s : write(body);
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
