package dev.aimon.stats.fairness;

import dev.aimon.events.MonitoringPlan;
import dev.aimon.stats.Outcomes;
import dev.aimon.stats.window.Binary;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.Observation;
import dev.aimon.stats.window.PendingLabels;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The group counts of one window for each {@link Dimension} of a plan (its protected attributes and their
 * intersections): one {@link GroupCounts} per (dimension, group). Size grows with the number of distinct groups, not
 * with the number of events.
 */
public final class AttributeCounts {

    /** The format of {@link #writeTo}. */
    static final int FORMAT = 1;

    private final MonitoringPlan plan;
    private final Object favourableOutcome;
    private final List<Dimension> dimensions;
    private final Layout layout;
    /** For each dimension, the layout slot of each of its attributes. */
    private final int[][] slots;

    private final List<Map<String, GroupCounts>> byDimension = new ArrayList<>();
    private long labelled;

    public AttributeCounts(MonitoringPlan plan) {
        this.plan = plan;
        this.favourableOutcome = plan.favorableOutcome();
        this.dimensions = Dimension.of(plan);
        this.layout = layout(plan);
        this.slots = new int[dimensions.size()][];
        for (int d = 0; d < dimensions.size(); d++) {
            List<String> attributes = dimensions.get(d).attributes();
            slots[d] = new int[attributes.size()];
            for (int i = 0; i < attributes.size(); i++) {
                slots[d][i] = layout.attributeSlot(attributes.get(i));
            }
            byDimension.add(new TreeMap<>());
        }
    }

    /** What the counts read of an event: the attributes of the plan's dimensions, no features. */
    public static Layout layout(MonitoringPlan plan) {
        Set<String> attributes = new LinkedHashSet<>();
        Dimension.of(plan).forEach(d -> attributes.addAll(d.attributes()));
        return Layout.of(List.of(), new ArrayList<>(attributes));
    }

    /** Counts one observation (of {@link #layout}) under each dimension it has a group in. */
    public void add(Observation o) {
        add(o::attribute, o.prediction(), o.label());
    }

    /** Counts one prediction under each protected attribute it carries. */
    public void add(Map<String, String> attributes, Object prediction, Object label) {
        add(byName(attributes), prediction, label);
    }

    private void add(IntFunction<String> attribute, Object prediction, Object label) {
        boolean favourable = Outcomes.same(prediction, favourableOutcome);
        GroupCounts.Outcome outcome = outcome(label);
        if (label != null) {
            labelled++;
        }
        for (int d = 0; d < slots.length; d++) {
            int[] s = slots[d];
            String group = dimensions.get(d).groupOf(i -> attribute.apply(s[i]));
            if (group != null) {
                GroupCounts counts = byDimension.get(d).get(group);
                if (counts == null) {
                    counts = new GroupCounts();
                    byDimension.get(d).put(group, counts);
                }
                counts.add(favourable, outcome);
            }
        }
    }

    /** Adds the late label of a prediction that {@link #add} counted without one. */
    public void label(PendingLabels.Pending prediction, Object label) {
        label(prediction::attribute, prediction.favourable(), label);
    }

    /**
     * Adds the label of a prediction that {@link #add} counted without one, under the same attributes and
     * prediction.
     */
    public void label(Map<String, String> attributes, Object prediction, Object label) {
        label(byName(attributes), Outcomes.same(prediction, favourableOutcome), label);
    }

    private void label(IntFunction<String> attribute, boolean favourable, Object label) {
        if (label == null) {
            return;
        }
        GroupCounts.Outcome outcome = outcome(label);
        labelled++;
        for (int d = 0; d < slots.length; d++) {
            int[] s = slots[d];
            String group = dimensions.get(d).groupOf(i -> attribute.apply(s[i]));
            GroupCounts counts = group == null ? null : byDimension.get(d).get(group);
            if (counts != null) {
                counts.label(favourable, outcome);
            }
        }
    }

    private IntFunction<String> byName(Map<String, String> attributes) {
        return slot -> attributes == null ? null : attributes.get(layout.attribute(slot));
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
        for (int d = 0; d < dimensions.size(); d++) {
            if (dimensions.get(d).name().equals(attribute)) {
                return byDimension.get(d);
            }
        }
        return Map.of();
    }

    /** A copy that shares nothing mutable with these counts. */
    public AttributeCounts copy() {
        AttributeCounts copy = new AttributeCounts(plan);
        copy.labelled = labelled;
        for (int d = 0; d < byDimension.size(); d++) {
            Map<String, GroupCounts> target = copy.byDimension.get(d);
            byDimension.get(d).forEach((group, counts) -> target.put(group, counts.copy()));
        }
        return copy;
    }

    /** Writes the counts (the plan's part, outcome and dimensions, comes from the plan when they are read). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(labelled);
        out.writeInt(byDimension.size());
        for (int d = 0; d < byDimension.size(); d++) {
            Binary.writeString(out, dimensions.get(d).name());
            out.writeInt(byDimension.get(d).size());
            for (Map.Entry<String, GroupCounts> e : byDimension.get(d).entrySet()) {
                Binary.writeString(out, e.getKey());
                e.getValue().writeTo(out);
            }
        }
    }

    /** Reads what {@link #writeTo} wrote, under the plan it was counted for. */
    public static AttributeCounts readFrom(MonitoringPlan plan, DataInput in) throws IOException {
        Binary.expect(in, FORMAT, "attribute counts, format " + FORMAT);
        AttributeCounts counts = new AttributeCounts(plan);
        counts.labelled = in.readLong();
        int n = Binary.length(in.readInt());
        Map<String, Map<String, GroupCounts>> read = new LinkedHashMap<>();
        for (int d = 0; d < n; d++) {
            String name = Binary.readString(in);
            int groups = Binary.length(in.readInt());
            Map<String, GroupCounts> byGroup = new TreeMap<>();
            for (int g = 0; g < groups; g++) {
                byGroup.put(Binary.readString(in), GroupCounts.readFrom(in));
            }
            read.put(name, byGroup);
        }
        for (int d = 0; d < counts.dimensions.size(); d++) {
            Map<String, GroupCounts> byGroup = read.get(counts.dimensions.get(d).name());
            if (byGroup == null) {
                throw new IOException("the counts lack the plan's dimension "
                        + counts.dimensions.get(d).name());
            }
            counts.byDimension.get(d).putAll(byGroup);
        }
        return counts;
    }
}
