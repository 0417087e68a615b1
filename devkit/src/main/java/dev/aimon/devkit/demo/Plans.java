package dev.aimon.devkit.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo's monitoring plans. */
final class Plans {

    private Plans() {}

    /**
     * A plan that holds the model to the four-fifths rule: the disparate impact ratio of every group of each protected
     * attribute, and of the subgroups of their intersection, must lie in [0.8, 1.25], and a breach needs a
     * test significant at 1% (a window holds dozens of comparisons, and a demo should not cry wolf). The other fairness metrics are
     * reported without bounds ({@code defaultBounds: false}): the demo's model equalises selection rates, which moves
     * error rates apart, and a plan should only bound what its owner has decided to hold the model to. Drift uses the
     * uploaded reference (the training data) and the documented default bounds.
     */
    static Map<String, Object> fourFifths(
            List<Map<String, Object>> features, List<Map<String, Object>> protectedAttributes, int window) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("features", features);
        plan.put("protectedAttributes", protectedAttributes);
        plan.put(
                "intersections",
                List.of(protectedAttributes.stream().map(a -> a.get("name")).toList()));
        plan.put("favorableOutcome", 1);
        plan.put("window", Map.of("events", window));
        plan.put("minGroupSize", 30);
        plan.put(
                "fairness",
                Map.of(
                        "alpha",
                        0.01,
                        "metrics",
                        Map.of("DISPARATE_IMPACT_RATIO", Map.of("lower", 0.8, "upper", 1.25)),
                        "defaultBounds",
                        false));
        plan.put("drift", Map.of("alpha", 0.01, "reference", "UPLOADED"));
        plan.put("expectedInterval", "PT10M");
        return plan;
    }
}
