package dev.aimon.devkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Processes;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.EventJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The demo: trains a model on a real data set (Adult or German Credit), registers its monitoring plan, uploads its
 * predictions on the training data as the drift reference, and streams its predictions on the test data through
 * ingest in three acts (clean, bias, drift; see {@link Story}), showing each window's verdicts as the services report
 * them and the nonconformities each act opened, then a table of them all with their controls and evidence.
 */
public final class Demo {

    static final int BATCH = 500;

    private static final ObjectMapper JSON = EventJson.mapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LocalStack stack;
    private final PrintStream out;

    private final String token;
    private final String run = Long.toString(Instant.now().getEpochSecond(), 36);

    /** A nonconformity this run opened or added an occurrence to, and the act that did. */
    private record Opened(JsonNode record, String act, boolean recurred) {}

    public Demo(LocalStack stack, PrintStream out) {
        this.token = stack.token("demo", "producer", "governance", "auditor");
        this.stack = stack;
        this.out = out;
    }

    /**
     * Runs the story on the named data set ({@code adult} or {@code german}) of the repository's {@code data/}.
     *
     * @return the nonconformities the run opened or added occurrences to, by act name
     */
    public Map<String, List<String>> run(String dataSet) {
        return run(DemoData.named(dataSet));
    }

    /**
     * Runs the story on a data set already read.
     *
     * @return the nonconformities the run opened or added occurrences to, by act name
     */
    public Map<String, List<String>> run(DemoData data) {
        out.printf("Data: %s.%n", data.citation());
        out.printf(
                "Training the demo model (Smile logistic regression) on %,d rows, then one threshold per group of %s"
                        + " so that every group gets the same rate of favourable decisions ...%n",
                data.training().size(),
                String.join(" × ", data.training().getFirst().attributes().keySet()));
        FairModel model = FairModel.train(data.training());
        out.printf("  every group's rate of favourable decisions on the training data: %.1f%%%n", model.rate() * 100);

        JsonNode plan = send(
                "PUT",
                stack.url(Service.INGEST) + "/v1/models/" + data.model() + "/plan",
                "application/json",
                data.plan());
        out.printf(
                "Registered the monitoring plan of '%s', version %s: the four-fifths rule (disparate impact ratio in"
                        + " [0.8, 1.25]) for each group and subgroup, drift against the training data.%n",
                data.model(), plan.path("planVersion").asText());
        JsonNode reference = uploadReference(data, Story.reference(data));
        out.printf(
                "Uploaded the model's cross-fitted predictions on its training data as the drift reference: version %s,"
                        + " %,d rows, sha256 %s.%n",
                reference.path("version").path("version").asText(),
                reference.path("version").path("rows").asLong(),
                reference.path("version").path("sha256").asText().substring(0, 16) + "…");

        List<Story.Act> acts = Story.acts(data, model, run);
        Set<String> reportsBefore = new HashSet<>();
        for (Service s : List.of(Service.FAIRNESS, Service.DRIFT)) {
            windows(s, data.model())
                    .forEach(r -> reportsBefore.add(r.path("reportId").asText()));
        }
        Map<String, Integer> occurrences = occurrences(nonconformities(data.model()));
        List<Opened> opened = new ArrayList<>();
        Map<String, Integer> windowOfReport = new HashMap<>();
        int windowsSoFar = 0;
        for (int a = 0; a < acts.size(); a++) {
            Story.Act act = acts.get(a);
            int windows = act.windows(data.window());
            out.printf(
                    "%nAct %d of %d, %s: %s (%,d predictions, %d window%s of %,d).%n",
                    a + 1,
                    acts.size(),
                    act.name(),
                    act.says(),
                    act.events().size(),
                    windows,
                    windows == 1 ? "" : "s",
                    data.window());
            stream(act, data, reportsBefore);
            windowsSoFar += windows;
            Map<Service, List<JsonNode>> reports = awaitWindows(data.model(), reportsBefore, windowsSoFar);
            for (int w = windowsSoFar - windows; w < windowsSoFar; w++) {
                for (Service s : reports.keySet()) {
                    List<JsonNode> list = reports.get(s);
                    if (w < list.size()) {
                        windowOfReport.put(list.get(w).path("reportId").asText(), w + 1);
                    }
                    out.println("  " + verdict(w + 1, s, w < list.size() ? list.get(w) : null));
                }
            }
            JsonNode records = awaitNonconformities(data.model());
            List<Opened> now = new ArrayList<>();
            for (JsonNode nc : records) {
                String id = nc.path("id").asText();
                int seen = nc.path("occurrences").asInt();
                Integer before = occurrences.get(id);
                if (before == null || seen > before) {
                    now.add(new Opened(nc, act.name(), before != null));
                }
                occurrences.put(id, seen);
            }
            now.sort(Comparator.comparing(o -> o.record().path("ref").asText()));
            if (now.isEmpty()) {
                out.println("  → no nonconformity opened");
            }
            for (Opened o : now) {
                out.printf(
                        "  → %s %s %s: %s%n",
                        o.recurred() ? "recurred" : "opened",
                        o.record().path("ref").asText(),
                        o.record().path("breachKind").asText(),
                        subject(o.record().path("metric")));
            }
            opened.addAll(now);
        }
        printTable(data, opened, windowOfReport);
        printExplore(data);
        Map<String, List<String>> byAct = new LinkedHashMap<>();
        acts.forEach(a -> byAct.put(a.name(), new ArrayList<>()));
        opened.forEach(o -> byAct.get(o.act()).add(o.record().path("breachKind").asText()));
        return byAct;
    }

    /** Streams an act through ingest in batches, printing the rate and the windows closed so far. */
    private void stream(Story.Act act, DemoData data, Set<String> reportsBefore) {
        long started = System.nanoTime();
        List<Map<String, Object>> events = act.events();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            batch.append(write(events.get(i))).append('\n');
            if ((i + 1) % BATCH == 0 || i + 1 == events.size()) {
                JsonNode answer = send(
                        "POST",
                        stack.url(Service.INGEST) + "/v1/predictions",
                        "application/x-ndjson",
                        batch.toString());
                if (answer.path("rejected").asInt() > 0) {
                    throw new IllegalStateException("ingest rejected demo events: " + answer);
                }
                batch.setLength(0);
                if ((i + 1) % (BATCH * 4) == 0 || i + 1 == events.size()) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    out.printf(
                            "  streamed %,6d of %,d (%,.0f events/s); windows closed this run: fairness %d, drift %d%n",
                            i + 1,
                            events.size(),
                            (i + 1) / seconds,
                            fresh(windows(Service.FAIRNESS, data.model()), reportsBefore)
                                    .size(),
                            fresh(windows(Service.DRIFT, data.model()), reportsBefore)
                                    .size());
                }
            }
        }
    }

    /** Waits until both analysis services have reported this run's first {@code count} windows; oldest first. */
    private Map<Service, List<JsonNode>> awaitWindows(String model, Set<String> before, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<Service, List<JsonNode>> reports = new LinkedHashMap<>();
        while (true) {
            for (Service s : List.of(Service.FAIRNESS, Service.DRIFT)) {
                reports.put(s, fresh(windows(s, model), before));
            }
            if (reports.values().stream().allMatch(l -> l.size() >= count) || System.nanoTime() > deadline) {
                return reports;
            }
            Processes.sleep(Duration.ofMillis(500));
        }
    }

    /**
     * A service's window reports of this run, oldest first: one per window (a window's later revisions, after late
     * labels, are left out; the demo's events carry their labels).
     */
    private static List<JsonNode> fresh(JsonNode reports, Set<String> before) {
        Map<String, JsonNode> byWindow = new HashMap<>();
        for (JsonNode r : reports) {
            if (!before.contains(r.path("reportId").asText())
                    && r.path("window").hasNonNull("sequence")) {
                String window = r.path("planVersion").asText() + "/"
                        + r.path("window").path("sequence").asText();
                byWindow.merge(
                        window,
                        r,
                        (a, b) -> a.path("createdAt")
                                                .asText()
                                                .compareTo(b.path("createdAt").asText())
                                        <= 0
                                ? a
                                : b);
            }
        }
        List<JsonNode> list = new ArrayList<>(byWindow.values());
        list.sort(Comparator.comparing(
                        (JsonNode r) -> r.path("window").path("start").asText())
                .thenComparing(r -> r.path("window").path("sequence").asLong()));
        return list;
    }

    private JsonNode windows(Service service, String model) {
        return send("GET", stack.url(service) + "/v1/models/" + model + "/windows?limit=1000", null, null);
    }

    /** One line per window and service: OK with the number of results, or its breaches. */
    static String verdict(int number, Service service, JsonNode report) {
        String head = "window %d %-8s".formatted(number, service == Service.FAIRNESS ? "fairness" : "drift");
        if (report == null) {
            return head + " not reported in time";
        }
        List<String> breaches = new ArrayList<>();
        int results = 0;
        for (JsonNode r : report.path("results")) {
            results++;
            if (r.path("verdict").asText().equals("BREACH")) {
                breaches.add(subject(r) + " = "
                        + String.format(Locale.ROOT, "%.3f", r.path("value").asDouble()) + " "
                        + bounds(r.path("threshold")));
            }
        }
        if (breaches.isEmpty()) {
            return head + " OK (" + results + " results, no breach)";
        }
        String shown = String.join("; ", breaches.subList(0, Math.min(3, breaches.size())));
        return head + " BREACH " + shown + (breaches.size() > 3 ? "; and " + (breaches.size() - 3) + " more" : "");
    }

    /** The metric and what it is of: {@code DISPARATE_IMPACT_RATIO sex=Female} or {@code KS age}. */
    static String subject(JsonNode metric) {
        String name = metric.has("name")
                ? metric.path("name").asText()
                : metric.path("metric").asText();
        if (metric.hasNonNull("feature")) {
            return name + " " + metric.path("feature").asText();
        }
        return name + " " + metric.path("attribute").asText() + "="
                + metric.path("group").asText();
    }

    static String bounds(JsonNode threshold) {
        return "[" + bound(threshold.path("lower")) + ", " + bound(threshold.path("upper")) + "]";
    }

    /** A bound to four significant digits ({@code 0.4672}, {@code 0.8}), or a dash for none. */
    private static String bound(JsonNode value) {
        if (!value.isNumber()) {
            return "-";
        }
        return new BigDecimal(value.asDouble())
                .round(new MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    /**
     * Uploads the reference to drift-service (NDJSON), once drift-service has the plan (it answers 409 until the plan
     * reaches it on {@code aimon.plans}).
     */
    private JsonNode uploadReference(DemoData data, List<Map<String, Object>> reference) {
        StringBuilder ndjson = new StringBuilder();
        reference.forEach(e -> ndjson.append(write(e)).append('\n'));
        String url = stack.url(Service.DRIFT) + "/v1/models/" + data.model() + "/reference";
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

    private JsonNode nonconformities(String model) {
        return send("GET", stack.url(Service.INCIDENT) + "/v1/nonconformities?size=500&modelId=" + model, null, null);
    }

    private static Map<String, Integer> occurrences(JsonNode records) {
        Map<String, Integer> map = new HashMap<>();
        records.forEach(
                r -> map.put(r.path("id").asText(), r.path("occurrences").asInt()));
        return map;
    }

    /**
     * Polls until the model's nonconformities stop changing for three seconds (breaches reach incident-service a
     * moment after their window's report), at most 30 seconds.
     */
    private JsonNode awaitNonconformities(String model) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = nonconformities(model);
        int stable = 0;
        while (System.nanoTime() < deadline && stable < 6) {
            Processes.sleep(Duration.ofMillis(500));
            JsonNode now = nonconformities(model);
            stable = occurrences(now).equals(occurrences(last)) ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    private void printTable(DemoData data, List<Opened> opened, Map<String, Integer> windowOfReport) {
        out.println();
        out.printf(
                "Nonconformities this run opened (or added an occurrence to) for '%s': %d%n",
                data.model(), opened.size());
        if (opened.isEmpty()) {
            return;
        }
        out.printf(
                "  %-6s %-13s %-17s %-3s %-44s %9s %-13s %6s %-6s %s%n",
                "ACT", "REF", "KIND", "SEV", "METRIC", "VALUE", "BOUNDS", "N", "WINDOW", "CONTROLS");
        for (Opened o : opened) {
            JsonNode nc = o.record();
            JsonNode m = nc.path("metric");
            List<String> controls = new ArrayList<>();
            nc.path("requirementRefs").forEach(r -> {
                if (r.path("framework").asText().equals("ISO42001")) {
                    controls.add(r.path("ref").asText());
                }
            });
            out.printf(
                    Locale.ROOT,
                    "  %-6s %-13s %-17s %-3s %-44s %9.4f %-13s %6d %-6s %s%n",
                    o.act(),
                    nc.path("ref").asText(),
                    nc.path("breachKind").asText(),
                    nc.path("severity").asText(),
                    subject(m),
                    m.path("value").asDouble(),
                    bounds(m.path("threshold")),
                    m.path("n").asLong(),
                    windowOfReport.containsKey(nc.path("reportId").asText())
                            ? windowOfReport.get(nc.path("reportId").asText()).toString()
                            : "before",
                    String.join(" ", controls));
        }
        out.println("  (evidence of each: GET /v1/nonconformities/{id} has its window, report id, value, interval and"
                + " p-value, and the reference hash for drift)");
    }

    private void printExplore(DemoData data) {
        String incident = stack.url(Service.INCIDENT);
        out.println();
        out.println("Explore (a token: ./aimon token auditor):");
        out.printf("  nonconformities   %s/v1/nonconformities?modelId=%s%n", incident, data.model());
        out.printf("  audit pack        %s/v1/exports/audit-pack.html%n", incident);
        out.printf(
                "  exports           %s/v1/exports/nonconformities.csv  %s/v1/exports/bundle.json%n",
                incident, incident);
        out.printf("  management review %s/v1/reports/management-review%n", incident);
        out.printf("  model evidence    %s/v1/models/%s/evidence%n", incident, data.model());
        out.printf("  fairness windows  %s/v1/models/%s/windows%n", stack.url(Service.FAIRNESS), data.model());
        out.printf("  drift windows     %s/v1/models/%s/windows%n", stack.url(Service.DRIFT), data.model());
        for (Service s : Service.values()) {
            out.printf("  %-17s %s/q/metrics  %s/q/openapi%n", s.module(), stack.url(s), stack.url(s));
        }
        out.println();
        out.printf("The governance console: %s/console%n", incident);
        out.println("  log in by pasting this token (role governance, subject demo-governance; make your own with"
                + " ./aimon token governance --subject NAME):");
        out.println("  " + stack.token("demo-governance", "governance"));
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
