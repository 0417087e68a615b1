package dev.aimon.drift.service;

import dev.aimon.events.FeatureType;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.PredictionEvent;
import dev.aimon.stats.drift.CategoryCounts;
import dev.aimon.stats.drift.NumericSample;
import dev.aimon.stats.performance.PerformanceCounts;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What drift keeps of one window, or of the reference: per feature of the plan its values (numeric: a bounded sample,
 * categorical: counts by category) and how many events lacked it; the predictions (as categories, and as numbers when
 * they are numbers), the scores, and the labelled predictions' confusion matrix. Its size is bounded by the limits,
 * whatever the window's size.
 */
public final class DriftProfile implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The limits of a profile: exact values per feature and distinct categories per feature. */
    public record Limits(int exactValues, int maxCategories) implements Serializable {}

    private final Map<String, NumericSample> numeric = new LinkedHashMap<>();
    private final Map<String, CategoryCounts> categorical = new LinkedHashMap<>();
    private final Map<String, Long> missing = new LinkedHashMap<>();
    private CategoryCounts predictions;
    private NumericSample numericPredictions;
    private NumericSample scores;
    private final PerformanceCounts performance;
    private long events;

    /** The drift results of the window's first evaluation, once its values are let go (see {@link #release}). */
    private List<MetricResult> released;

    public DriftProfile(MonitoringPlan plan, Limits limits) {
        if (plan.features() != null) {
            long seed = 1;
            for (MonitoringPlan.Feature f : plan.features()) {
                if (f.type() == FeatureType.CATEGORICAL) {
                    categorical.put(f.name(), new CategoryCounts(limits.maxCategories()));
                } else {
                    numeric.put(f.name(), new NumericSample(limits.exactValues(), seed++));
                }
                missing.put(f.name(), 0L);
            }
        }
        predictions = new CategoryCounts(limits.maxCategories());
        numericPredictions = new NumericSample(limits.exactValues(), -1);
        scores = new NumericSample(limits.exactValues(), -2);
        performance = new PerformanceCounts(plan.favorableOutcome(), limits.exactValues());
    }

    /** Adds one prediction event: its features, prediction, score and, if it carries one, its label. */
    public void add(PredictionEvent e) {
        events++;
        Map<String, Object> features = e.features() == null ? Map.of() : e.features();
        numeric.forEach((name, sample) -> {
            if (features.get(name) instanceof Number value && Double.isFinite(value.doubleValue())) {
                sample.add(value.doubleValue());
            } else {
                missing.merge(name, 1L, Long::sum);
            }
        });
        categorical.forEach((name, counts) -> {
            Object value = features.get(name);
            if (value == null) {
                missing.merge(name, 1L, Long::sum);
            } else {
                counts.add(category(value));
            }
        });
        if (e.prediction() != null) {
            predictions.add(category(e.prediction()));
            if (e.prediction() instanceof Number n && Double.isFinite(n.doubleValue())) {
                numericPredictions.add(n.doubleValue());
            }
        }
        if (e.score() != null && Double.isFinite(e.score())) {
            scores.add(e.score());
        }
        if (e.label() != null) {
            performance.add(e.prediction(), e.label(), e.score());
        }
    }

    /**
     * The category a value counts as: its text, with whole numbers written without a fraction, so that 1 from one
     * producer and 1.0 from another (or from a CSV reference) are one category.
     */
    static String category(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        return value.toString();
    }

    /** Adds the late label of a prediction this window counted. */
    public void label(Object prediction, Double score, Object label) {
        if (label != null) {
            performance.add(prediction, label, score);
        }
    }

    /** The events added. */
    public long events() {
        return events;
    }

    public Map<String, NumericSample> numeric() {
        return numeric;
    }

    public Map<String, CategoryCounts> categorical() {
        return categorical;
    }

    /** How many events lacked a feature (absent, null, or not a finite number for a numeric feature). */
    public long missing(String feature) {
        return missing.getOrDefault(feature, 0L);
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
        released = List.copyOf(driftResults);
        numeric.replaceAll((name, sample) -> new NumericSample(1, 0));
        categorical.replaceAll((name, counts) -> new CategoryCounts(1));
        predictions = new CategoryCounts(1);
        numericPredictions = new NumericSample(1, 0);
        scores = new NumericSample(1, 0);
    }

    /** The drift results kept by {@link #release}, or null while the values are here. */
    List<MetricResult> released() {
        return released;
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
        for (Map.Entry<String, NumericSample> e : new TreeMap<>(numeric).entrySet()) {
            text(digest, "numeric:" + e.getKey());
            number(digest, e.getValue().count());
            for (double v : e.getValue().sorted()) {
                number(digest, Double.doubleToLongBits(v));
            }
        }
        for (Map.Entry<String, CategoryCounts> e : new TreeMap<>(categorical).entrySet()) {
            text(digest, "categorical:" + e.getKey());
            counts(digest, e.getValue());
        }
        new TreeMap<>(missing).forEach((name, count) -> {
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
