package dev.aimon.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.events.FeatureType;
import dev.aimon.events.LabelEvent;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks one raw prediction or label against its model's plan and builds the validated event. Every rule names the
 * field it is about. Plain Java: the caller looks the plan up.
 */
public final class EventValidator {

    private final Duration maxClockSkew;

    public EventValidator(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    /** The outcome of checking one event: the event, or the first rule it broke. */
    public sealed interface Outcome<T> {
        record Valid<T>(T event) implements Outcome<T> {}

        record Invalid<T>(String error) implements Outcome<T> {}
    }

    /** Checks one kind of event against its model's plan. */
    @FunctionalInterface
    public interface Check<T> {
        Outcome<T> apply(JsonNode node, MonitoringPlanEvent plan, Instant now);
    }

    /**
     * Checks {@code node} against {@code plan} (null when the model has no plan).
     *
     * @param now the time the event is received, for the clock-skew rule
     */
    public Outcome<PredictionEvent> prediction(JsonNode node, MonitoringPlanEvent plan, Instant now) {
        try {
            return new Outcome.Valid<>(build(node, plan, now));
        } catch (InvalidEvent e) {
            return new Outcome.Invalid<>(e.getMessage());
        }
    }

    /**
     * Checks a label: the {@code eventId} of the prediction it belongs to, a model with a plan, the label itself (a
     * number, string or boolean); {@code timestamp}, when the label became known, defaults to now.
     */
    public Outcome<LabelEvent> label(JsonNode node, MonitoringPlanEvent plan, Instant now) {
        try {
            if (node == null || !node.isObject()) {
                throw new InvalidEvent("a label must be a JSON object");
            }
            String eventId = requiredText(node, "eventId");
            String modelId = requiredText(node, "modelId");
            if (plan == null) {
                throw new InvalidEvent("modelId: model '" + modelId + "' has no monitoring plan");
            }
            Object label = scalar(node.get("label"), "label");
            if (label == null) {
                throw new InvalidEvent("label: is required");
            }
            Instant timestamp = node.hasNonNull("timestamp") ? timestamp(node, now) : now;
            return new Outcome.Valid<>(new LabelEvent(LabelEvent.SCHEMA_VERSION, eventId, modelId, timestamp, label));
        } catch (InvalidEvent e) {
            return new Outcome.Invalid<>(e.getMessage());
        }
    }

    /** The model id of a raw event, if it has a readable one. */
    public static String modelId(JsonNode node) {
        return text(node, "modelId");
    }

    /** The event id of a raw event, if it has a readable one. */
    public static String eventId(JsonNode node) {
        return text(node, "eventId");
    }

    private PredictionEvent build(JsonNode node, MonitoringPlanEvent planEvent, Instant now) {
        if (node == null || !node.isObject()) {
            throw new InvalidEvent("an event must be a JSON object");
        }
        JsonNode version = node.get("schemaVersion");
        if (version != null
                && !version.isNull()
                && !(version.isInt() && version.intValue() == PredictionEvent.SCHEMA_VERSION)) {
            throw new InvalidEvent("schemaVersion: must be " + PredictionEvent.SCHEMA_VERSION + ", got " + version);
        }
        String eventId = requiredText(node, "eventId");
        if (eventId.length() > 128) {
            throw new InvalidEvent("eventId: at most 128 characters");
        }
        String modelId = requiredText(node, "modelId");
        if (planEvent == null) {
            throw new InvalidEvent("modelId: model '" + modelId + "' has no monitoring plan; PUT /v1/models/" + modelId
                    + "/plan first");
        }
        MonitoringPlan plan = planEvent.plan();
        Instant timestamp = timestamp(node, now);
        Object prediction = scalar(node.get("prediction"), "prediction");
        if (prediction == null) {
            throw new InvalidEvent("prediction: is required");
        }
        Double score = null;
        JsonNode scoreNode = node.get("score");
        if (scoreNode != null && !scoreNode.isNull()) {
            if (!scoreNode.isNumber() || !Double.isFinite(scoreNode.doubleValue())) {
                throw new InvalidEvent("score: must be a finite number, got " + scoreNode);
            }
            score = scoreNode.doubleValue();
        }
        return new PredictionEvent(
                PredictionEvent.SCHEMA_VERSION,
                eventId,
                modelId,
                optionalText(node, "modelVersion"),
                timestamp,
                features(node.get("features"), plan),
                attributes(node.get("attributes"), plan),
                prediction,
                score,
                scalar(node.get("label"), "label"));
    }

    private Instant timestamp(JsonNode node, Instant now) {
        String text = requiredText(node, "timestamp");
        Instant timestamp;
        try {
            timestamp = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEvent(
                    "timestamp: must be an ISO-8601 instant such as 2026-11-27T10:00:00Z, got '" + text + "'");
        }
        if (timestamp.isAfter(now.plus(maxClockSkew))) {
            throw new InvalidEvent("timestamp: " + text + " lies more than " + maxClockSkew + " in the future");
        }
        return timestamp;
    }

    private static Map<String, Object> features(JsonNode node, MonitoringPlan plan) {
        Map<String, Object> features = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return features;
        }
        if (!node.isObject()) {
            throw new InvalidEvent("features: must be an object of name to value");
        }
        Map<String, FeatureType> declared = new HashMap<>();
        if (plan.features() != null) {
            plan.features().forEach(f -> declared.put(f.name(), f.type()));
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue; // a missing value: data quality counts it
            }
            FeatureType type = declared.get(name);
            if (type == FeatureType.NUMERIC) {
                if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    throw new InvalidEvent("features." + name + ": the plan declares it NUMERIC, got " + value);
                }
                features.put(name, value.numberValue());
            } else if (type == FeatureType.CATEGORICAL) {
                if (!value.isValueNode()) {
                    throw new InvalidEvent("features." + name + ": the plan declares it CATEGORICAL, got " + value);
                }
                features.put(name, value.asText());
            } else {
                features.put(name, scalar(value, "features." + name));
            }
        }
        return features;
    }

    private static Map<String, String> attributes(JsonNode node, MonitoringPlan plan) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw new InvalidEvent("attributes: must be an object of name to value");
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                JsonNode value = entry.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (!value.isValueNode()) {
                    throw new InvalidEvent("attributes." + entry.getKey() + ": must be a string, got " + value);
                }
                attributes.put(entry.getKey(), value.asText());
            }
        }
        if (plan.protectedAttributes() != null) {
            for (MonitoringPlan.ProtectedAttribute a : plan.protectedAttributes()) {
                if (!attributes.containsKey(a.name())) {
                    throw new InvalidEvent("attributes." + a.name() + ": is required, the plan protects it");
                }
            }
        }
        return attributes;
    }

    private static Object scalar(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            if (!Double.isFinite(node.doubleValue())) {
                throw new InvalidEvent(field + ": must be finite, got " + node);
            }
            return node.numberValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw new InvalidEvent(field + ": must be a number, string or boolean, got "
                + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidEvent(field + ": is required");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new InvalidEvent(field + ": must be a non-empty string, got " + value);
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new InvalidEvent(field + ": must be a string, got " + value);
        }
        return value.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static final class InvalidEvent extends RuntimeException {
        InvalidEvent(String message) {
            super(message, null, false, false);
        }
    }
}
