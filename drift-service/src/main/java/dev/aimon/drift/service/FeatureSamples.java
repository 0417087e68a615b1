package dev.aimon.drift.service;

import dev.aimon.events.FeatureType;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.stats.drift.NumericSample;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** One window's values of each numeric feature of a plan. */
final class FeatureSamples implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, NumericSample> numeric = new LinkedHashMap<>();

    FeatureSamples(MonitoringPlan plan) {
        if (plan.features() != null) {
            plan.features().stream()
                    .filter(f -> f.type() == FeatureType.NUMERIC)
                    .forEach(f -> numeric.put(f.name(), new NumericSample()));
        }
    }

    void add(Map<String, Object> features) {
        numeric.forEach((name, sample) -> {
            if (features != null && features.get(name) instanceof Number value) {
                sample.add(value.doubleValue());
            }
        });
    }

    Map<String, NumericSample> numeric() {
        return numeric;
    }
}
