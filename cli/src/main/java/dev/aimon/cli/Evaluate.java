package dev.aimon.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aimon.drift.reference.Csv;
import dev.aimon.drift.service.DriftEvaluator;
import dev.aimon.drift.service.DriftProfile;
import dev.aimon.events.EventJson;
import dev.aimon.events.FeatureType;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.fairness.service.FairnessEvaluator;
import dev.aimon.stats.drift.CategoryCounts;
import dev.aimon.stats.drift.NumericSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./aimon evaluate fairness|drift}: the reports of a CSV file against a plan, computed in this process with the
 * maths of fairness-service and drift-service (the same code), printed as a table or JSON. The exit status gates a
 * release: 0 when nothing breaches, 1 when something does, 2 when the input is wrong.
 */
public final class Evaluate {

    static final String USAGE = """
            usage: ./aimon evaluate fairness|drift --plan PLAN.json --data DATA.csv [--reference REFERENCE.csv]
                   [--prediction COLUMN] [--label COLUMN] [--score COLUMN] [--time COLUMN] [--json]
              PLAN.json  a monitoring plan, as PUT /v1/models/{id}/plan takes it; without a window, the whole file is one
              DATA.csv   a header, then one prediction per row: the plan's features and protected attributes by name,
                         the prediction (default column "prediction"), and if present the label ("label"), the score
                         ("score") and the event time ("time", ISO-8601; default: one second per row)
              --reference  drift only: the reference rows (same columns); default: the first window of the data
            exit status: 0 nothing breaches, 1 a breach, 2 wrong input""";

    /** Wrong input: the message says what. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private Evaluate() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns its exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse(args);
            MonitoringPlan plan = plan(o.plan);
            String modelId = plan.modelId() == null ? "evaluate" : plan.modelId();
            List<PredictionEvent> events = events(o.data, plan, modelId, o);
            if (events.isEmpty()) {
                throw new UsageException(o.data + " holds no rows");
            }
            if (plan.window() == null) {
                plan = withWindow(plan, events.size());
            }
            MonitoringPlanEvent planEvent =
                    new MonitoringPlanEvent(MonitoringPlanEvent.SCHEMA_VERSION, modelId, 0, null, null, plan);
            Instant now = Instant.now();
            List<WindowReportEvent> reports = o.service.equals("fairness")
                    ? new FairnessEvaluator(30).evaluateBatch(planEvent, events, now)
                    : new DriftEvaluator(30, 0.01)
                            .evaluateBatch(
                                    planEvent,
                                    events,
                                    o.reference == null ? List.of() : events(o.reference, plan, modelId, o),
                                    new DriftProfile.Limits(NumericSample.DEFAULT_LIMIT, CategoryCounts.DEFAULT_LIMIT),
                                    now);
            if (o.json) {
                out.println(EventJson.mapper()
                        .copy()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(reports));
            } else {
                table(reports, out);
            }
            boolean breach =
                    reports.stream().flatMap(r -> r.results().stream()).anyMatch(r -> r.verdict() == Verdict.BREACH);
            return breach ? 1 : 0;
        } catch (UsageException e) {
            err.println("aimon evaluate: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("aimon evaluate: " + e.getMessage());
            return 2;
        }
    }

    /** The command line. */
    record Options(
            String service,
            Path plan,
            Path data,
            Path reference,
            String prediction,
            String label,
            String score,
            String time,
            boolean json) {

        static Options parse(String[] args) throws UsageException {
            if (args.length == 0 || !(args[0].equals("fairness") || args[0].equals("drift"))) {
                throw new UsageException("say fairness or drift first");
            }
            Map<String, String> values = new HashMap<>();
            boolean json = false;
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--json")) {
                    json = true;
                } else if (a.startsWith("--") && i + 1 < args.length) {
                    values.put(a.substring(2), args[++i]);
                } else {
                    throw new UsageException("unexpected argument " + a);
                }
            }
            for (String key : values.keySet()) {
                if (!List.of("plan", "data", "reference", "prediction", "label", "score", "time")
                        .contains(key)) {
                    throw new UsageException("unknown option --" + key);
                }
            }
            if (!values.containsKey("plan") || !values.containsKey("data")) {
                throw new UsageException("--plan and --data are required");
            }
            if (values.containsKey("reference") && args[0].equals("fairness")) {
                throw new UsageException("--reference is for drift");
            }
            return new Options(
                    args[0],
                    Path.of(values.get("plan")),
                    Path.of(values.get("data")),
                    values.containsKey("reference") ? Path.of(values.get("reference")) : null,
                    values.getOrDefault("prediction", "prediction"),
                    values.getOrDefault("label", "label"),
                    values.getOrDefault("score", "score"),
                    values.getOrDefault("time", "time"),
                    json);
        }
    }

    static MonitoringPlan plan(Path file) throws UsageException {
        try {
            return EventJson.mapper().readValue(file.toFile(), MonitoringPlan.class);
        } catch (IOException e) {
            throw new UsageException("cannot read the plan " + file + ": " + e.getMessage());
        }
    }

    private static MonitoringPlan withWindow(MonitoringPlan p, int events) {
        return new MonitoringPlan(
                p.modelId(),
                p.features(),
                p.protectedAttributes(),
                p.intersections(),
                p.favorableOutcome(),
                new MonitoringPlan.Window(events, null, null),
                p.minGroupSize(),
                p.fairness(),
                p.drift(),
                p.expectedInterval());
    }

    /** The rows of a CSV file as prediction events, by the plan's features and attributes and the given columns. */
    static List<PredictionEvent> events(Path file, MonitoringPlan plan, String modelId, Options o)
            throws IOException, UsageException {
        Map<String, FeatureType> features = new LinkedHashMap<>();
        if (plan.features() != null) {
            plan.features().forEach(f -> features.put(f.name(), f.type()));
        }
        List<String> attributes = new ArrayList<>();
        if (plan.protectedAttributes() != null) {
            plan.protectedAttributes().forEach(a -> attributes.add(a.name()));
        }
        List<PredictionEvent> events = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = reader.readLine();
            if (headerLine == null) {
                return events;
            }
            List<String> header = Csv.fields(headerLine.replace("\uFEFF", ""));
            for (String needed : concat(features.keySet(), attributes, List.of(o.prediction))) {
                if (!header.contains(needed)) {
                    throw new UsageException(file + " has no column " + needed + " (it has " + header + ")");
                }
            }
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            String line;
            int row = 0;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                row++;
                List<String> fields = Csv.fields(line);
                if (fields.size() != header.size()) {
                    throw new UsageException(file + " line " + (row + 1) + ": " + fields.size()
                            + " fields, the header has " + header.size());
                }
                Map<String, String> cells = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    cells.put(header.get(i), fields.get(i).trim());
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (Map.Entry<String, FeatureType> f : features.entrySet()) {
                    String cell = cells.get(f.getKey());
                    if (cell.isEmpty()) {
                        continue;
                    }
                    if (f.getValue() == FeatureType.NUMERIC) {
                        Double number = Csv.number(cell);
                        if (number == null) {
                            throw new UsageException(
                                    file + " line " + (row + 1) + ": " + f.getKey() + " must be a number, got " + cell);
                        }
                        values.put(f.getKey(), number);
                    } else {
                        values.put(f.getKey(), cell);
                    }
                }
                Map<String, String> groups = new LinkedHashMap<>();
                attributes.forEach(a -> groups.put(a, cells.get(a)));
                Instant time = start.plusSeconds(row);
                if (cells.containsKey(o.time) && !cells.get(o.time).isEmpty()) {
                    try {
                        time = Instant.parse(cells.get(o.time));
                    } catch (DateTimeParseException e) {
                        throw new UsageException(
                                file + " line " + (row + 1) + ": " + o.time + " is not an ISO-8601 instant");
                    }
                }
                String scoreCell = cells.getOrDefault(o.score, "");
                String labelCell = cells.getOrDefault(o.label, "");
                events.add(new PredictionEvent(
                        PredictionEvent.SCHEMA_VERSION,
                        "row-" + row,
                        modelId,
                        null,
                        time,
                        values,
                        groups,
                        Csv.outcome(cells.get(o.prediction)),
                        scoreCell.isEmpty() ? null : Csv.number(scoreCell),
                        labelCell.isEmpty() ? null : Csv.outcome(labelCell)));
            }
        }
        return events;
    }

    private static List<String> concat(Iterable<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>();
        a.forEach(all::add);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    /** One block per window: every result with its verdict, breaches first. */
    static void table(List<WindowReportEvent> reports, PrintStream out) {
        for (WindowReportEvent r : reports) {
            out.printf(
                    "window %s: %,d events (%s … %s)%n",
                    r.window().sequence() == null
                            ? r.window().start()
                            : "#" + r.window().sequence(),
                    r.window().events(),
                    r.window().start(),
                    r.window().end());
            if (r.results().isEmpty()) {
                out.println("  (no results: this window is the drift reference)");
                continue;
            }
            out.printf(
                    "  %-21s %-30s %-24s %-16s %10s %18s %10s %7s%n",
                    "VERDICT", "METRIC", "SUBJECT", "GROUP", "VALUE", "BOUNDS", "P", "N");
            List<MetricResult> sorted = new ArrayList<>(r.results());
            sorted.sort(java.util.Comparator.comparing(m -> m.verdict() != Verdict.BREACH));
            for (MetricResult m : sorted) {
                String subject = m.feature() != null ? m.feature() : m.attribute();
                String bounds = m.threshold() == null
                        ? ""
                        : "[" + format(m.threshold().lower()) + ", "
                                + format(m.threshold().upper()) + "]";
                out.printf(
                        Locale.ROOT,
                        "  %-21s %-30s %-24s %-16s %10s %18s %10s %7s%n",
                        m.verdict(),
                        m.metric(),
                        subject,
                        m.group() == null ? "" : m.group(),
                        m.value() == null ? "-" : String.format(Locale.ROOT, "%.4f", m.value()),
                        bounds,
                        m.pValue() == null ? "-" : String.format(Locale.ROOT, "%.3g", m.pValue()),
                        m.n() == null ? "" : m.n().toString());
            }
        }
    }

    private static String format(Double bound) {
        return bound == null ? "-" : String.format(Locale.ROOT, "%.4g", bound);
    }
}
