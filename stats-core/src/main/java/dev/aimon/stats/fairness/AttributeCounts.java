package dev.aimon.stats.fairness;

import dev.aimon.events.MonitoringPlan;
import dev.aimon.stats.Outcomes;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The group counts of one window for each {@link Dimension} of a plan (its protected attributes and their
 * intersections): one {@link GroupCounts} per (dimension, group). Size grows with the number of distinct groups, not
 * with the number of events.
 */
public final class AttributeCounts implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Object favourableOutcome;
    private final List<Dimension> dimensions;
    private final Map<String, Map<String, GroupCounts>> byAttribute = new LinkedHashMap<>();
    private long labelled;

    public AttributeCounts(MonitoringPlan plan) {
        this.favourableOutcome = plan.favorableOutcome();
        this.dimensions = Dimension.of(plan);
        for (Dimension d : dimensions) {
            byAttribute.put(d.name(), new TreeMap<>());
        }
    }

    /** Counts one prediction under each protected attribute it carries. */
    public void add(Map<String, String> attributes, Object prediction, Object label) {
        boolean favourable = Outcomes.same(prediction, favourableOutcome);
        GroupCounts.Outcome outcome = outcome(label);
        if (label != null) {
            labelled++;
        }
        for (Dimension d : dimensions) {
            String group = d.groupOf(attributes);
            if (group != null) {
                byAttribute
                        .get(d.name())
                        .computeIfAbsent(group, g -> new GroupCounts())
                        .add(favourable, outcome);
            }
        }
    }

    /**
     * Adds the label of a prediction that {@link #add} counted without one, under the same attributes and
     * prediction.
     */
    public void label(Map<String, String> attributes, Object prediction, Object label) {
        if (label == null) {
            return;
        }
        boolean favourable = Outcomes.same(prediction, favourableOutcome);
        GroupCounts.Outcome outcome = outcome(label);
        labelled++;
        for (Dimension d : dimensions) {
            String group = d.groupOf(attributes);
            GroupCounts counts =
                    group == null ? null : byAttribute.get(d.name()).get(group);
            if (counts != null) {
                counts.label(favourable, outcome);
            }
        }
    }

    private GroupCounts.Outcome outcome(Object label) {
        if (label == null) {
            return GroupCounts.Outcome.UNKNOWN;
        }
        return Outcomes.same(label, favourableOutcome)
                ? GroupCounts.Outcome.FAVOURABLE
                : GroupCounts.Outcome.UNFAVOURABLE;
    }

    /** The predictions counted that carried a label. */
    public long labelled() {
        return labelled;
    }

    /** The dimensions counted, in the plan's order: attributes, then intersections. */
    public List<Dimension> dimensions() {
        return dimensions;
    }

    /** The counts of each value of an attribute, by value (sorted). */
    public Map<String, GroupCounts> groups(String attribute) {
        return byAttribute.getOrDefault(attribute, Map.of());
    }
}
