package dev.aimon.drift.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.aimon.events.EventJson;
import dev.aimon.events.FeatureType;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.PredictionEvent;
import dev.aimon.stats.drift.CategoryCounts;
import dev.aimon.stats.drift.NumericSample;
import dev.aimon.stats.performance.PerformanceCounts;
import dev.aimon.stats.window.Binary;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.Observation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What drift keeps of one window, or of the reference: per feature of the plan its values (numeric: a bounded sample,
 * categorical: counts by category) and how many events lacked it; the predictions (as categories, and as numbers when
 * they are numbers), the scores, and the labelled predictions' confusion matrix. Its size is bounded by the limits,
 * whatever the window's size. Features are held in the slots of the plan's {@link Layout}; the binary form ({@link
 * #writeTo}) names them, so a stored reference profile is read without its plan.
 */
public final class DriftProfile {

    /** The format of {@link #writeTo}. */
    static final int FORMAT = 2;

    /**
     * The limits of a profile: exact values per numeric slot (each numeric feature, the numeric predictions, the
     * scores, and the scores by class that AUC reads), distinct categories per feature, and the values the whole
     * profile keeps ({@code windowValues}; 0: no such bound), so that a model with many features stays bounded too.
     */
    public record Limits(int exactValues, int maxCategories, int windowValues) {

        /** Fewer exact values per slot than this would loosen the samples' error bound past 1.63% (README). */
        public static final int MIN_EXACT_VALUES = 10_000;

        /** Limits without a bound on the whole profile. */
        public Limits(int exactValues, int maxCategories) {
            this(exactValues, maxCategories, 0);
        }

        /**
         * The exact values of each of {@code slots} numeric slots: {@link #exactValues()}, or fewer, so that all the
         * slots together keep at most {@link #windowValues()}; but never fewer than {@link #MIN_EXACT_VALUES} (nor
         * than exactValues, if that is smaller).
         */
        public int perSlot(int slots) {
            if (windowValues <= 0) {
                return exactValues;
            }
            int share = windowValues / Math.max(1, slots);
            return Math.min(exactValues, Math.max(MIN_EXACT_VALUES, share));
        }
    }

    private final Limits limits;
    private final Layout layout;
    private final Object favourable;
    private final NumericSample[] samples;
    private final CategoryCounts[] categories;
    private final long[] missing;
    private CategoryCounts predictions;
    private NumericSample numericPredictions;
    private NumericSample scores;
    private PerformanceCounts performance;
    private long events;
    private Observation scratch;

    /** The drift results of the window's first evaluation, once its values are let go (see {@link #release}). */
    private ReleasedResults released;

    public DriftProfile(MonitoringPlan plan, Limits limits) {
        this(layout(plan), plan.favorableOutcome(), limits);
    }

    private DriftProfile(Layout layout, Object favourable, Limits bounds) {
        this.layout = layout;
        this.favourable = favourable;
        int n = layout.features();
        int numeric = 0;
        for (int i = 0; i < n; i++) {
            if (layout.type(i) != FeatureType.CATEGORICAL) {
                numeric++;
            }
        }
        // Each numeric feature, the numeric predictions, the scores and the scores by class share the window's values.
        Limits limits = new Limits(bounds.perSlot(numeric + 3), bounds.maxCategories());
        this.limits = limits;
        samples = new NumericSample[n];
        categories = new CategoryCounts[n];
        missing = new long[n];
        long seed = 1;
        for (int i = 0; i < n; i++) {
            if (layout.type(i) == FeatureType.CATEGORICAL) {
                categories[i] = new CategoryCounts(limits.maxCategories());
            } else {
                samples[i] = new NumericSample(limits.exactValues(), seed++);
            }
        }
        predictions = new CategoryCounts(limits.maxCategories());
        numericPredictions = new NumericSample(limits.exactValues(), -1);
        scores = new NumericSample(limits.exactValues(), -2);
        performance = new PerformanceCounts(favourable, limits.exactValues());
    }

    /** What a drift window reads of an event: the plan's features, no attributes. */
    public static Layout layout(MonitoringPlan plan) {
        return Layout.of(plan.features(), List.of());
    }

    /** The layout the profile's slots follow. */
    public Layout layout() {
        return layout;
    }

    /** Adds one prediction event: its features, prediction, score and, if it carries one, its label. */
    public void add(PredictionEvent e) {
        if (scratch == null) {
            scratch = layout.observation();
        }
        add(layout.fill(e, scratch));
    }

    /** Adds one observation (of this profile's layout). */
    public void add(Observation o) {
        events++;
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] != null) {
                double v = o.number(i);
                if (Double.isNaN(v)) {
                    missing[i]++;
                } else {
                    samples[i].add(v);
                }
            } else {
                String c = o.text(i);
                if (c == null) {
                    missing[i]++;
                } else {
                    categories[i].add(c);
                }
            }
        }
        Object prediction = o.prediction();
        if (prediction != null) {
            predictions.add(Layout.category(prediction));
            if (prediction instanceof Number n && Double.isFinite(n.doubleValue())) {
                numericPredictions.add(n.doubleValue());
            }
        }
        if (Double.isFinite(o.score())) {
            scores.add(o.score());
        }
        if (o.label() != null) {
            performance.add(prediction, o.label(), o.score());
        }
    }

    /** Adds the late label of a prediction this window counted, by whether it was the favourable outcome. */
    public void label(boolean favourablePrediction, double score, Object label) {
        if (label != null) {
            performance.add(favourablePrediction, label, score);
        }
    }

    /** The events added. */
    public long events() {
        return events;
    }

    /** The numeric features' samples, by name in the plan's order. */
    public Map<String, NumericSample> numeric() {
        Map<String, NumericSample> byName = new LinkedHashMap<>();
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] != null) {
                byName.put(layout.feature(i), samples[i]);
            }
        }
        return byName;
    }

    /** The categorical features' counts, by name in the plan's order. */
    public Map<String, CategoryCounts> categorical() {
        Map<String, CategoryCounts> byName = new LinkedHashMap<>();
        for (int i = 0; i < categories.length; i++) {
            if (categories[i] != null) {
                byName.put(layout.feature(i), categories[i]);
            }
        }
        return byName;
    }

    /** How many events lacked a feature (absent, null, or not a finite number for a numeric feature). */
    public long missing(String feature) {
        int slot = layout.featureSlot(feature);
        return slot < 0 ? 0 : missing[slot];
    }

    public CategoryCounts predictions() {
        return predictions;
    }

    public NumericSample numericPredictions() {
        return numericPredictions;
    }

    public NumericSample scores() {
        return scores;
    }

    public PerformanceCounts performance() {
        return performance;
    }

    /**
     * Lets the values go once a closed window has its drift results, keeping those results and the counts that late
     * labels still change: a closed window kept for late labels costs a few results, not its samples.
     */
    void release(List<MetricResult> driftResults) {
        release(ReleasedResults.of(driftResults));
    }

    /** Lets the values go as {@code evaluated} (a copy of this window, evaluated and released) did, sharing its results. */
    void releaseAs(DriftProfile evaluated) {
        if (evaluated.released == null) {
            throw new IllegalArgumentException("the evaluated copy kept its values");
        }
        release(evaluated.released);
    }

    private void release(ReleasedResults results) {
        released = results;
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] != null) {
                samples[i] = new NumericSample(1, 0);
            } else {
                categories[i] = new CategoryCounts(1);
            }
        }
        predictions = new CategoryCounts(1);
        numericPredictions = new NumericSample(1, 0);
        scores = new NumericSample(1, 0);
    }

    /** The drift results kept by {@link #release}, or null while the values are here. */
    List<MetricResult> released() {
        return released == null ? null : released.results();
    }

    /** Whether the values are let go ({@link #release}), without decoding the results kept. */
    boolean isReleased() {
        return released != null;
    }

    /**
     * A copy of a closed window's profile for its evaluation, which shares the values and counts that only events
     * change (a closed window takes no more events, and {@link #release} replaces them, not changes them) and copies
     * what late labels change: the performance counts. Copying the samples too was 5% of drift-service's allocation
     * under load, and the copies outlived young collections.
     */
    public DriftProfile copy() {
        DriftProfile copy = new DriftProfile(layout, favourable, limits);
        System.arraycopy(samples, 0, copy.samples, 0, samples.length);
        System.arraycopy(categories, 0, copy.categories, 0, categories.length);
        System.arraycopy(missing, 0, copy.missing, 0, missing.length);
        copy.predictions = predictions;
        copy.numericPredictions = numericPredictions;
        copy.scores = scores;
        copy.performance = performance.copy();
        copy.events = events;
        copy.released = released;
        return copy;
    }

    /** Writes the profile: its limits, features (names and types), outcome, values, counts and released results. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeInt(limits.exactValues());
        out.writeInt(limits.maxCategories());
        Binary.writeBytes(out, EventJson.mapper().writeValueAsBytes(new Object[] {favourable}));
        out.writeLong(events);
        out.writeInt(samples.length);
        for (int i = 0; i < samples.length; i++) {
            Binary.writeString(out, layout.feature(i));
            out.writeBoolean(samples[i] != null);
            if (samples[i] != null) {
                samples[i].writeTo(out);
            } else {
                categories[i].writeTo(out);
            }
            out.writeLong(missing[i]);
        }
        predictions.writeTo(out);
        numericPredictions.writeTo(out);
        scores.writeTo(out);
        performance.writeTo(out);
        out.writeBoolean(released != null);
        if (released != null) {
            released.writeTo(out);
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    public static DriftProfile readFrom(DataInput in) throws IOException {
        int format = in.readUnsignedByte();
        if (format != 1 && format != FORMAT) {
            throw new IOException("corrupt state: expected a drift profile of format 1 or 2, read tag " + format);
        }
        Limits limits = new Limits(in.readInt(), in.readInt());
        Object[] outcome = EventJson.mapper().readValue(Binary.readBytes(in), Object[].class);
        long events = in.readLong();
        int n = Binary.length(in.readInt());
        List<MonitoringPlan.Feature> features = new ArrayList<>();
        List<Object> states = new ArrayList<>();
        long[] missing = new long[n];
        for (int i = 0; i < n; i++) {
            String name = Binary.readString(in);
            boolean numeric = in.readBoolean();
            features.add(new MonitoringPlan.Feature(name, numeric ? FeatureType.NUMERIC : FeatureType.CATEGORICAL));
            states.add(numeric ? NumericSample.readFrom(in) : CategoryCounts.readFrom(in));
            missing[i] = in.readLong();
        }
        DriftProfile p =
                new DriftProfile(Layout.of(features, List.of()), outcome.length == 0 ? null : outcome[0], limits);
        if (p.layout.features() != n) {
            throw new IOException("corrupt drift profile: a feature named twice");
        }
        for (int i = 0; i < n; i++) {
            if (states.get(i) instanceof NumericSample s) {
                p.samples[i] = s;
            } else {
                p.categories[i] = (CategoryCounts) states.get(i);
            }
            p.missing[i] = missing[i];
        }
        p.events = events;
        p.predictions = CategoryCounts.readFrom(in);
        p.numericPredictions = NumericSample.readFrom(in);
        p.scores = NumericSample.readFrom(in);
        p.performance = PerformanceCounts.readFrom(p.favourable, in);
        if (in.readBoolean()) {
            // Format 1 (before 2026-12-02) wrote the released results as JSON.
            p.released = format == 1
                    ? ReleasedResults.of(EventJson.mapper()
                            .readValue(Binary.readBytes(in), new TypeReference<List<MetricResult>>() {}))
                    : ReleasedResults.readFrom(in);
        }
        return p;
    }

    /**
     * The sha256 of the profile's content, in hex: every feature's sorted values and category counts, the missing
     * counts, the predictions, scores and confusion matrix, in a fixed order. Two uploads of the same data in any
     * order give the same hash (while under the exact-value limit).
     */
    public String sha256() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        text(digest, "aimon-drift-profile-v1");
        for (Map.Entry<String, NumericSample> e : new TreeMap<>(numeric()).entrySet()) {
            text(digest, "numeric:" + e.getKey());
            number(digest, e.getValue().count());
            for (double v : e.getValue().sorted()) {
                number(digest, Double.doubleToLongBits(v));
            }
        }
        for (Map.Entry<String, CategoryCounts> e : new TreeMap<>(categorical()).entrySet()) {
            text(digest, "categorical:" + e.getKey());
            counts(digest, e.getValue());
        }
        TreeMap<String, Long> missingByName = new TreeMap<>();
        for (int i = 0; i < missing.length; i++) {
            missingByName.put(layout.feature(i), missing[i]);
        }
        missingByName.forEach((name, count) -> {
            text(digest, "missing:" + name);
            number(digest, count);
        });
        text(digest, "predictions");
        counts(digest, predictions);
        text(digest, "scores");
        for (double v : scores.sorted()) {
            number(digest, Double.doubleToLongBits(v));
        }
        text(digest, "performance");
        for (long v : new long[] {performance.tp(), performance.fp(), performance.fn(), performance.tn()}) {
            number(digest, v);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void counts(MessageDigest digest, CategoryCounts counts) {
        new TreeMap<>(counts.counts()).forEach((category, count) -> {
            text(digest, category);
            number(digest, count);
        });
    }

    private static void text(MessageDigest digest, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        number(digest, bytes.length);
        digest.update(bytes);
    }

    private static void number(MessageDigest digest, long v) {
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(v).array());
    }
}
