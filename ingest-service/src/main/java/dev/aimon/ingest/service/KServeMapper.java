package dev.aimon.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aimon.events.MonitoringPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a KServe inference request and its response (the InferenceLogger's CloudEvents pair, one {@code ce-id}) into
 * prediction events, one per row, as JSON for the usual validation.
 *
 * <p>Inputs: the v1 protocol's {@code {"instances": [...]}} (each row an array, positional, or an object, by name) or the
 * Open Inference Protocol v2's {@code {"inputs": [tensors]}} (one tensor of shape {@code [N, k]}: positional; or one
 * tensor per feature, named as the feature, of shape {@code [N]} or {@code [N, 1]}). Positions follow the order of the
 * plan's {@code features}. Outputs: v1 {@code {"predictions": [...]}} or v2 {@code {"outputs": [tensors]}}, the first
 * tensor; a row of class scores ({@code [N, k]}, k > 1) gives the index of the largest as the prediction and that
 * score as the score. The protected attributes of the plan are taken from the features of the same name.
 */
public final class KServeMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KServeMapper() {}

    /** The pair could not be turned into events; the reason names what is wrong. */
    public static final class Unmappable extends RuntimeException {
        Unmappable(String message) {
            super(message);
        }
    }

    /**
     * The prediction events of one request and its response.
     *
     * @param plan the model's plan (for feature names by position and the protected attributes), or null
     * @param id the CloudEvents id both share; event i gets {@code <id>#<i>}
     */
    public static List<JsonNode> events(
            String modelId,
            String modelVersion,
            MonitoringPlan plan,
            String id,
            Instant at,
            JsonNode request,
            JsonNode response) {
        List<ObjectNode> rows = rows(request, plan);
        List<JsonNode> outputs = outputs(response);
        if (rows.size() != outputs.size()) {
            throw new Unmappable(
                    "the request has " + rows.size() + " rows and the response " + outputs.size() + " predictions");
        }
        List<JsonNode> events = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode e = NODES.objectNode();
            e.put("schemaVersion", 1);
            e.put("eventId", id + "#" + i);
            e.put("modelId", modelId);
            if (modelVersion != null) {
                e.put("modelVersion", modelVersion);
            }
            e.put("timestamp", at.toString());
            ObjectNode features = rows.get(i);
            e.set("features", features);
            ObjectNode attributes = e.putObject("attributes");
            if (plan != null && plan.protectedAttributes() != null) {
                for (MonitoringPlan.ProtectedAttribute a : plan.protectedAttributes()) {
                    JsonNode value = features.get(a.name());
                    if (value != null && !value.isNull()) {
                        attributes.put(a.name(), value.asText());
                    }
                }
            }
            JsonNode out = outputs.get(i);
            if (out.isArray() && out.size() > 1) {
                int best = 0;
                for (int k = 1; k < out.size(); k++) {
                    if (out.get(k).asDouble() > out.get(best).asDouble()) {
                        best = k;
                    }
                }
                e.put("prediction", best);
                e.put("score", out.get(best).asDouble());
            } else {
                e.set("prediction", out.isArray() ? out.get(0) : out);
            }
            events.add(e);
        }
        return events;
    }

    private static List<ObjectNode> rows(JsonNode request, MonitoringPlan plan) {
        List<String> names = new ArrayList<>();
        if (plan != null && plan.features() != null) {
            plan.features().forEach(f -> names.add(f.name()));
        }
        List<ObjectNode> rows = new ArrayList<>();
        JsonNode instances = request.get("instances");
        JsonNode inputs = request.get("inputs");
        if (instances != null && instances.isArray()) {
            for (JsonNode instance : instances) {
                rows.add(row(instance, names));
            }
        } else if (inputs != null
                && inputs.isArray()
                && !inputs.isEmpty()
                && inputs.get(0).has("data")) {
            tensorRows(inputs, names, rows);
        } else if (inputs != null && inputs.isArray()) {
            for (JsonNode instance : inputs) {
                rows.add(row(instance, names));
            }
        } else {
            throw new Unmappable("the request has neither \"instances\" (v1) nor \"inputs\" (v2)");
        }
        return rows;
    }

    private static ObjectNode row(JsonNode instance, List<String> names) {
        if (instance.isObject()) {
            return instance.deepCopy();
        }
        ObjectNode row = NODES.objectNode();
        if (instance.isArray()) {
            if (instance.size() > names.size()) {
                throw new Unmappable("a row has " + instance.size() + " values but the plan names " + names.size()
                        + " features to map them to by position");
            }
            for (int k = 0; k < instance.size(); k++) {
                row.set(names.get(k), instance.get(k));
            }
            return row;
        }
        if (names.isEmpty()) {
            throw new Unmappable("a scalar row needs a plan feature to name it");
        }
        row.set(names.getFirst(), instance);
        return row;
    }

    private static void tensorRows(JsonNode inputs, List<String> names, List<ObjectNode> rows) {
        if (inputs.size() == 1
                && shape(inputs.get(0)).size() == 2
                && shape(inputs.get(0)).get(1) > 1) {
            JsonNode t = inputs.get(0);
            int n = shape(t).get(0);
            int k = shape(t).get(1);
            List<JsonNode> data = flat(t.get("data"));
            if (data.size() != n * k) {
                throw new Unmappable(
                        "tensor " + t.path("name").asText() + " has " + data.size() + " values, not " + n + " × " + k);
            }
            for (int i = 0; i < n; i++) {
                rows.add(row(NODES.arrayNode().addAll(data.subList(i * k, (i + 1) * k)), names));
            }
            return;
        }
        int n = -1;
        for (JsonNode t : inputs) {
            List<JsonNode> data = flat(t.get("data"));
            if (n >= 0 && data.size() != n) {
                throw new Unmappable("the input tensors have different numbers of rows");
            }
            n = data.size();
            while (rows.size() < n) {
                rows.add(NODES.objectNode());
            }
            for (int i = 0; i < n; i++) {
                rows.get(i).set(t.path("name").asText(), data.get(i));
            }
        }
    }

    private static List<JsonNode> outputs(JsonNode response) {
        JsonNode predictions = response.get("predictions");
        if (predictions != null && predictions.isArray()) {
            List<JsonNode> out = new ArrayList<>();
            predictions.forEach(out::add);
            return out;
        }
        JsonNode outputs = response.get("outputs");
        if (outputs != null && outputs.isArray() && !outputs.isEmpty()) {
            JsonNode t = outputs.get(0);
            List<JsonNode> data = flat(t.get("data"));
            List<Integer> shape = shape(t);
            if (shape.size() == 2 && shape.get(1) > 1) {
                int k = shape.get(1);
                List<JsonNode> rows = new ArrayList<>();
                for (int i = 0; i + k <= data.size(); i += k) {
                    rows.add(NODES.arrayNode().addAll(data.subList(i, i + k)));
                }
                return rows;
            }
            return data;
        }
        throw new Unmappable("the response has neither \"predictions\" (v1) nor \"outputs\" (v2)");
    }

    private static List<Integer> shape(JsonNode tensor) {
        List<Integer> shape = new ArrayList<>();
        tensor.path("shape").forEach(d -> shape.add(d.asInt()));
        return shape;
    }

    private static List<JsonNode> flat(JsonNode data) {
        List<JsonNode> values = new ArrayList<>();
        if (data == null) {
            return values;
        }
        if (!data.isArray()) {
            values.add(data);
            return values;
        }
        for (JsonNode d : data) {
            values.addAll(d.isArray() ? flat(d) : List.of(d));
        }
        return values;
    }
}
