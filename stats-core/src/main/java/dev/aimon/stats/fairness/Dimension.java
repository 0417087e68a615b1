package dev.aimon.stats.fairness;

import dev.aimon.events.MonitoringPlan;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What groups are compared on: one protected attribute ({@code sex}), or an intersection of several ({@code
 * sex&race}, whose groups are {@code Female&Black} and so on). The privileged group of an intersection is every
 * combination of privileged values (with {@code sex: [Male]} and {@code race: [White]}, only {@code Male&White}).
 *
 * @param name the attribute name in reports: the attribute, or the intersection's attributes joined by {@code &}
 * @param attributes the protected attributes it combines (one for a plain attribute)
 * @param privileged the privileged values, combined the same way
 */
public record Dimension(String name, List<String> attributes, Set<String> privileged) implements Serializable {

    static final String JOIN = "&";

    /** The plan's protected attributes, then its intersections of them. */
    public static List<Dimension> of(MonitoringPlan plan) {
        List<Dimension> dimensions = new ArrayList<>();
        Map<String, List<String>> privileged = new HashMap<>();
        if (plan.protectedAttributes() != null) {
            for (MonitoringPlan.ProtectedAttribute a : plan.protectedAttributes()) {
                privileged.put(a.name(), a.privileged());
                dimensions.add(new Dimension(a.name(), List.of(a.name()), new LinkedHashSet<>(a.privileged())));
            }
        }
        if (plan.intersections() != null) {
            for (List<String> combo : plan.intersections()) {
                Set<String> values = new LinkedHashSet<>(List.of(""));
                for (String attribute : combo) {
                    Set<String> next = new LinkedHashSet<>();
                    for (String prefix : values) {
                        for (String v : privileged.getOrDefault(attribute, List.of())) {
                            next.add(prefix.isEmpty() ? v : prefix + JOIN + v);
                        }
                    }
                    values = next;
                }
                dimensions.add(new Dimension(String.join(JOIN, combo), List.copyOf(combo), values));
            }
        }
        return dimensions;
    }

    /** This dimension's group for an event's attributes, or null when one of them is missing. */
    public String groupOf(Map<String, String> values) {
        return groupOf(i -> values == null ? null : values.get(attributes.get(i)));
    }

    /**
     * This dimension's group, or null when one of its attributes is missing.
     *
     * @param value the value of the dimension's i-th attribute
     */
    public String groupOf(IntFunction<String> value) {
        if (attributes.size() == 1) {
            return value.apply(0);
        }
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < attributes.size(); i++) {
            String v = value.apply(i);
            if (v == null) {
                return null;
            }
            group.append(group.isEmpty() ? "" : JOIN).append(v);
        }
        return group.toString();
    }
}
