package dev.aimon.stats.window;

import dev.aimon.events.FeatureType;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.PredictionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fields of a prediction a window state reads, each in a slot of its own: the plan's features (numeric or
 * categorical) and the attributes it compares groups on. Whatever a layout does not name is never stored; the
 * stream's parser skips it.
 */
public final class Layout {

    /** Reads nothing but the event's own fields (model, id, time, prediction, score, label). */
    public static final Layout EMPTY = new Layout(List.of(), List.of());

    private final List<String> features;
    private final FeatureType[] types;
    private final List<String> attributes;
    private final Map<String, Integer> featureSlots = new HashMap<>();
    private final Map<String, Integer> attributeSlots = new HashMap<>();

    private Layout(List<MonitoringPlan.Feature> features, List<String> attributes) {
        this.features = new ArrayList<>();
        this.types = new FeatureType[features.size()];
        for (MonitoringPlan.Feature f : features) {
            if (featureSlots.putIfAbsent(f.name(), this.features.size()) == null) {
                types[this.features.size()] =
                        f.type() == FeatureType.CATEGORICAL ? FeatureType.CATEGORICAL : FeatureType.NUMERIC;
                this.features.add(f.name());
            }
        }
        this.attributes = new ArrayList<>();
        for (String a : attributes) {
            if (attributeSlots.putIfAbsent(a, this.attributes.size()) == null) {
                this.attributes.add(a);
            }
        }
    }

    /** A layout of these features (a feature without a type counts as numeric) and attributes. */
    public static Layout of(List<MonitoringPlan.Feature> features, List<String> attributes) {
        return new Layout(features == null ? List.of() : features, attributes == null ? List.of() : attributes);
    }

    /** The number of feature slots. */
    public int features() {
        return features.size();
    }

    public String feature(int slot) {
        return features.get(slot);
    }

    public FeatureType type(int slot) {
        return types[slot];
    }

    /** The slot of a feature, or -1 when the layout does not read it. */
    public int featureSlot(String name) {
        Integer slot = featureSlots.get(name);
        return slot == null ? -1 : slot;
    }

    /** The number of attribute slots. */
    public int attributes() {
        return attributes.size();
    }

    public String attribute(int slot) {
        return attributes.get(slot);
    }

    /** The slot of an attribute, or -1 when the layout does not read it. */
    public int attributeSlot(String name) {
        Integer slot = attributeSlots.get(name);
        return slot == null ? -1 : slot;
    }

    /** A reusable observation of this layout. */
    public Observation observation() {
        return new Observation(this);
    }

    /**
     * Fills an observation from a deserialised event: the path of {@code POST /v1/evaluate}, of the command line and
     * of any record the stream's fast parser leaves to the full deserialiser. A numeric feature that is absent, null,
     * not a number or not finite is missing (NaN); a categorical one that is absent or null is missing (null), and any
     * other value counts as its {@link #category} text.
     */
    public Observation fill(PredictionEvent e, Observation o) {
        o.clear();
        o.modelId(e.modelId());
        o.eventId(e.eventId());
        o.modelVersion(e.modelVersion());
        o.time(e.timestamp() == null ? Long.MIN_VALUE : e.timestamp().toEpochMilli());
        o.prediction(e.prediction());
        o.label(e.label());
        o.score(e.score() == null ? Double.NaN : e.score());
        Map<String, Object> values = e.features() == null ? Map.of() : e.features();
        for (int i = 0; i < features.size(); i++) {
            Object v = values.get(features.get(i));
            if (types[i] == FeatureType.CATEGORICAL) {
                o.text(i, v == null ? null : category(v));
            } else if (v instanceof Number n) {
                o.number(i, n.doubleValue());
            }
        }
        if (e.attributes() != null) {
            for (int i = 0; i < attributes.size(); i++) {
                o.attribute(i, e.attributes().get(attributes.get(i)));
            }
        }
        return o;
    }

    /**
     * The category a value counts as: its text, with whole numbers written without a fraction, so that 1 from one
     * producer and 1.0 from another (or from a CSV reference) are one category.
     */
    public static String category(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        return value.toString();
    }
}
