package dev.aimon.stats.window;

import java.util.Arrays;

/**
 * One prediction as a window sees it: the event's own fields and the values its {@link Layout} names, in primitive
 * slots. One instance is filled again for every event (by the stream's parser, or from a deserialised event by
 * {@link Layout#fill}), so the stream does not allocate a map of boxed numbers per event.
 *
 * <p>A missing numeric feature is NaN (so is a value that is not a finite number), a missing categorical feature or
 * attribute is null, a missing time is {@link Long#MIN_VALUE}, a missing score is NaN.
 */
public final class Observation {

    private final Layout layout;
    private final double[] numbers;
    private final String[] texts;
    private final String[] attributes;
    private String modelId;
    private String eventId;
    private String modelVersion;
    private long time = Long.MIN_VALUE;
    private Object prediction;
    private Object label;
    private double score = Double.NaN;

    Observation(Layout layout) {
        this.layout = layout;
        this.numbers = new double[layout.features()];
        this.texts = new String[layout.features()];
        this.attributes = new String[layout.attributes()];
        clear();
    }

    /** Empties every field, for the next event. */
    public void clear() {
        Arrays.fill(numbers, Double.NaN);
        Arrays.fill(texts, null);
        Arrays.fill(attributes, null);
        modelId = null;
        eventId = null;
        modelVersion = null;
        time = Long.MIN_VALUE;
        prediction = null;
        label = null;
        score = Double.NaN;
    }

    public Layout layout() {
        return layout;
    }

    public String modelId() {
        return modelId;
    }

    public void modelId(String modelId) {
        this.modelId = modelId;
    }

    public String eventId() {
        return eventId;
    }

    public void eventId(String eventId) {
        this.eventId = eventId;
    }

    public String modelVersion() {
        return modelVersion;
    }

    public void modelVersion(String modelVersion) {
        this.modelVersion = modelVersion;
    }

    /** The event time in epoch milliseconds, or {@link Long#MIN_VALUE} when the event has none. */
    public long time() {
        return time;
    }

    public void time(long epochMillis) {
        this.time = epochMillis;
    }

    /** The model's decision: a number, a string or a boolean. */
    public Object prediction() {
        return prediction;
    }

    public void prediction(Object prediction) {
        this.prediction = prediction;
    }

    /** The ground truth carried inline, or null. */
    public Object label() {
        return label;
    }

    public void label(Object label) {
        this.label = label;
    }

    /** The score, or NaN when the event has none. */
    public double score() {
        return score;
    }

    public void score(double score) {
        this.score = score;
    }

    /** A numeric feature's value, NaN when missing or not a finite number. */
    public double number(int slot) {
        return numbers[slot];
    }

    public void number(int slot, double value) {
        numbers[slot] = Double.isFinite(value) ? value : Double.NaN;
    }

    /** A categorical feature's category, null when missing. */
    public String text(int slot) {
        return texts[slot];
    }

    public void text(int slot, String value) {
        texts[slot] = value;
    }

    /** An attribute's value, null when missing. */
    public String attribute(int slot) {
        return attributes[slot];
    }

    public void attribute(int slot, String value) {
        attributes[slot] = value;
    }
}
