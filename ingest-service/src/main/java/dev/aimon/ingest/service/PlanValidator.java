package dev.aimon.ingest.service;

import dev.aimon.events.FeatureType;
import dev.aimon.events.Metric;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.Threshold;
import dev.aimon.ingest.Problem.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a whole monitoring plan and names every rule it breaks, not just the first. */
public final class PlanValidator {

    private PlanValidator() {}

    /** The rules the plan breaks; empty when it is valid. */
    public static List<FieldError> validate(String modelId, MonitoringPlan plan) {
        List<FieldError> errors = new ArrayList<>();
        if (plan.modelId() != null && !plan.modelId().equals(modelId)) {
            errors.add(new FieldError(
                    "modelId", "must match the path's model id '" + modelId + "', got '" + plan.modelId() + "'"));
        }
        validateWindow(plan.window(), errors);
        Set<String> featureNames = new HashSet<>();
        List<MonitoringPlan.Feature> features = orEmpty(plan.features());
        for (int i = 0; i < features.size(); i++) {
            MonitoringPlan.Feature f = features.get(i);
            if (f == null || blank(f.name())) {
                errors.add(new FieldError("features[" + i + "].name", "is required"));
            } else if (!featureNames.add(f.name())) {
                errors.add(new FieldError("features[" + i + "].name", "'" + f.name() + "' is declared twice"));
            }
            if (f != null && f.type() == null) {
                errors.add(new FieldError(
                        "features[" + i + "].type", "is required: one of " + List.of(FeatureType.values())));
            }
        }
        Set<String> attributes = new HashSet<>();
        List<MonitoringPlan.ProtectedAttribute> protectedAttributes = orEmpty(plan.protectedAttributes());
        for (int i = 0; i < protectedAttributes.size(); i++) {
            MonitoringPlan.ProtectedAttribute a = protectedAttributes.get(i);
            if (a == null || blank(a.name())) {
                errors.add(new FieldError("protectedAttributes[" + i + "].name", "is required"));
                continue;
            }
            if (!attributes.add(a.name())) {
                errors.add(
                        new FieldError("protectedAttributes[" + i + "].name", "'" + a.name() + "' is declared twice"));
            }
            if (a.privileged() == null || a.privileged().isEmpty()) {
                errors.add(new FieldError(
                        "protectedAttributes[" + i + "].privileged", "needs at least one privileged value"));
            }
        }
        List<List<String>> intersections = orEmpty(plan.intersections());
        for (int i = 0; i < intersections.size(); i++) {
            List<String> combo = orEmpty(intersections.get(i));
            if (combo.size() < 2) {
                errors.add(new FieldError("intersections[" + i + "]", "needs at least two protected attributes"));
            }
            for (String name : combo) {
                if (!attributes.contains(name)) {
                    errors.add(new FieldError(
                            "intersections[" + i + "]", "'" + name + "' is not a protected attribute of the plan"));
                }
            }
        }
        if (!protectedAttributes.isEmpty() && plan.favorableOutcome() == null) {
            errors.add(new FieldError("favorableOutcome", "is required when the plan has protected attributes"));
        }
        if (plan.minGroupSize() != null && plan.minGroupSize() < 1) {
            errors.add(new FieldError("minGroupSize", "must be at least 1, got " + plan.minGroupSize()));
        }
        if (plan.fairness() != null) {
            validateAlpha("fairness.alpha", plan.fairness().alpha(), errors);
            validateMetrics("fairness.metrics", plan.fairness().metrics(), errors);
        }
        if (plan.drift() != null) {
            validateAlpha("drift.alpha", plan.drift().alpha(), errors);
            validateMetrics("drift.metrics", plan.drift().metrics(), errors);
        }
        if (plan.expectedInterval() != null && !plan.expectedInterval().isPositive()) {
            errors.add(new FieldError("expectedInterval", "must be a positive duration"));
        }
        return errors;
    }

    private static void validateWindow(MonitoringPlan.Window window, List<FieldError> errors) {
        if (window == null) {
            errors.add(new FieldError("window", "is required: {\"events\": N} or {\"duration\": \"PT15M\"}"));
            return;
        }
        if ((window.events() == null) == (window.duration() == null)) {
            errors.add(new FieldError("window", "needs exactly one of 'events' and 'duration'"));
        }
        if (window.events() != null && window.events() < 1) {
            errors.add(new FieldError("window.events", "must be at least 1, got " + window.events()));
        }
        if (window.duration() != null && !window.duration().isPositive()) {
            errors.add(new FieldError("window.duration", "must be a positive duration"));
        }
        if (window.allowedLateness() != null && window.allowedLateness().isNegative()) {
            errors.add(new FieldError("window.allowedLateness", "must not be negative"));
        }
    }

    private static void validateAlpha(String field, Double alpha, List<FieldError> errors) {
        if (alpha != null && !(alpha > 0 && alpha < 1)) {
            errors.add(new FieldError(field, "must lie strictly between 0 and 1, got " + alpha));
        }
    }

    private static void validateMetrics(String field, Map<Metric, Threshold> metrics, List<FieldError> errors) {
        if (metrics == null) {
            return;
        }
        metrics.forEach((metric, t) -> {
            String at = field + "." + metric;
            if (t == null || (t.lower() == null && t.upper() == null)) {
                errors.add(new FieldError(at, "needs a lower or an upper bound"));
            } else if (t.lower() != null && t.upper() != null && t.lower() > t.upper()) {
                errors.add(new FieldError(at, "lower bound " + t.lower() + " is above upper bound " + t.upper()));
            }
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
