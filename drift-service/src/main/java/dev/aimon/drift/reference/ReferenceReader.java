package dev.aimon.drift.reference;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.drift.service.DriftProfile;
import dev.aimon.events.EventJson;
import dev.aimon.events.FeatureType;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.PredictionEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads reference data into a {@link DriftProfile}, row by row, without keeping the rows: a JSON array or NDJSON of
 * prediction events (only {@code features}, {@code prediction}, {@code score}, {@code label} and {@code modelVersion}
 * are read), or CSV with a header whose columns are the plan's features and, optionally, {@code prediction}, {@code
 * score} and {@code label}.
 */
public final class ReferenceReader {

    /** The formats accepted. */
    public enum Format {
        JSON,
        NDJSON,
        CSV
    }

    /**
     * What was read.
     *
     * @param profile the profile of the rows
     * @param rows how many rows
     * @param modelVersions the model versions the events named (JSON and NDJSON)
     * @param errors what is wrong with which row; when any, nothing is stored
     */
    public record Result(DriftProfile profile, long rows, Set<String> modelVersions, List<String> errors) {}

    private static final ObjectMapper JSON = EventJson.mapper();

    private final MonitoringPlan plan;
    private final DriftProfile profile;
    private final long maxRows;
    private final Map<String, FeatureType> types = new HashMap<>();
    private final Set<String> modelVersions = new LinkedHashSet<>();
    private final List<String> errors = new ArrayList<>();
    private long rows;

    public ReferenceReader(MonitoringPlan plan, DriftProfile.Limits limits, long maxRows) {
        this.plan = plan;
        this.profile = new DriftProfile(plan, limits);
        this.maxRows = maxRows;
        if (plan.features() != null) {
            plan.features().forEach(f -> types.put(f.name(), f.type()));
        }
    }

    /** Reads the whole body. */
    public Result read(Format format, InputStream body) throws IOException {
        switch (format) {
            case JSON -> json(body);
            case NDJSON -> ndjson(body);
            case CSV -> csv(body);
        }
        if (rows == 0 && errors.isEmpty()) {
            errors.add("the reference holds no rows");
        }
        return new Result(profile, rows, modelVersions, errors);
    }

    private boolean full() {
        if (rows >= maxRows) {
            errors.add("more than " + maxRows
                    + " rows: upload a sample of the reference (aimon.drift.max-reference-rows)");
            return true;
        }
        return errors.size() >= 20;
    }

    private void json(InputStream body) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                errors.add("a JSON body must be an array of prediction events");
                return;
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                if (full()) {
                    return;
                }
                event(JSON.readValue(parser, PredictionEvent.class), "item " + rows);
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            errors.add("item " + rows + ": not a prediction event: " + e.getOriginalMessage());
        }
    }

    private void ndjson(InputStream body) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        long lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (full()) {
                return;
            }
            try {
                event(JSON.readValue(line, PredictionEvent.class), "line " + lineNumber);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                errors.add("line " + lineNumber + ": not a prediction event: " + e.getOriginalMessage());
            }
        }
    }

    private void event(PredictionEvent e, String where) {
        if (e == null) {
            errors.add(where + ": null");
            return;
        }
        if (e.features() != null) {
            types.forEach((name, type) -> {
                Object value = e.features().get(name);
                if (type == FeatureType.NUMERIC && value != null && !(value instanceof Number)) {
                    errors.add(where + ": feature " + name + " is numeric in the plan, got " + quoted(value));
                }
            });
        }
        if (e.modelVersion() != null) {
            modelVersions.add(e.modelVersion());
        }
        rows++;
        profile.add(e);
    }

    private void csv(InputStream body) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String headerLine = reader.readLine();
        if (headerLine == null) {
            return;
        }
        List<String> header = Csv.fields(headerLine.replace("\uFEFF", ""));
        List<String> missing = types.keySet().stream()
                .filter(f -> !header.contains(f))
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            errors.add("the header lacks the plan's features " + missing + " (it has " + header + ")");
            return;
        }
        String line;
        long lineNumber = 1;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (full()) {
                return;
            }
            List<String> fields = Csv.fields(line);
            if (fields.size() != header.size()) {
                errors.add("line " + lineNumber + ": " + fields.size() + " fields, the header has " + header.size());
                continue;
            }
            csvRow(header, fields, lineNumber);
        }
    }

    private void csvRow(List<String> header, List<String> fields, long lineNumber) {
        Map<String, Object> features = new HashMap<>();
        Object prediction = null;
        Double score = null;
        Object label = null;
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String value = fields.get(i).trim();
            if (value.isEmpty()) {
                continue;
            }
            FeatureType type = types.get(column);
            if (type == FeatureType.NUMERIC || column.equals("score")) {
                Double number = Csv.number(value);
                if (number == null) {
                    errors.add("line " + lineNumber + ": " + column + " must be a number, got " + quoted(value));
                    return;
                }
                if (column.equals("score")) {
                    score = number;
                } else {
                    features.put(column, number);
                }
            } else if (type == FeatureType.CATEGORICAL) {
                features.put(column, value);
            } else if (column.equals("prediction")) {
                prediction = Csv.outcome(value);
            } else if (column.equals("label")) {
                label = Csv.outcome(value);
            }
        }
        rows++;
        profile.add(new PredictionEvent(
                PredictionEvent.SCHEMA_VERSION,
                null,
                plan.modelId(),
                null,
                null,
                features,
                null,
                prediction,
                score,
                label));
    }

    private static String quoted(Object value) {
        String s = String.valueOf(value);
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }
}
