package dev.aimon.stats.performance;

import dev.aimon.stats.Outcomes;
import dev.aimon.stats.drift.NumericSample;
import dev.aimon.stats.window.Binary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The labelled predictions of one window (or the reference) as a confusion matrix, the positive class being the
 * plan's favourable outcome, and the scores of each actual class for the AUC (bounded like any numeric sample).
 */
public final class PerformanceCounts {

    /** The format of {@link #writeTo}. */
    static final int FORMAT = 1;

    private final Object positive;
    private long tp;
    private long fp;
    private long fn;
    private long tn;
    private NumericSample positiveScores;
    private NumericSample negativeScores;

    /**
     * @param positive the outcome counted as positive (the plan's favourable outcome)
     * @param scoreLimit how many scores of each class are kept exactly
     */
    public PerformanceCounts(Object positive, int scoreLimit) {
        this.positive = positive;
        this.positiveScores = new NumericSample(scoreLimit, 0x5DEECE66DL);
        this.negativeScores = new NumericSample(scoreLimit, 0xB5AD4ECEDA1CE2A9L);
    }

    /** Counts one labelled prediction; the score, if any, is the model's score for the positive class. */
    public void add(Object prediction, Object label, Double score) {
        add(Outcomes.same(prediction, positive), label, score == null ? Double.NaN : score);
    }

    /**
     * Counts one labelled prediction by whether it was the positive outcome; a score that is NaN or infinite is not
     * kept.
     */
    public void add(boolean predicted, Object label, double score) {
        boolean actual = Outcomes.same(label, positive);
        if (predicted && actual) {
            tp++;
        } else if (predicted) {
            fp++;
        } else if (actual) {
            fn++;
        } else {
            tn++;
        }
        if (Double.isFinite(score)) {
            (actual ? positiveScores : negativeScores).add(score);
        }
    }

    public long labelled() {
        return tp + fp + fn + tn;
    }

    public long tp() {
        return tp;
    }

    public long fp() {
        return fp;
    }

    public long fn() {
        return fn;
    }

    public long tn() {
        return tn;
    }

    public NumericSample positiveScores() {
        return positiveScores;
    }

    public NumericSample negativeScores() {
        return negativeScores;
    }

    /** A copy that shares nothing with these counts. */
    public PerformanceCounts copy() {
        PerformanceCounts copy = new PerformanceCounts(positive, 1);
        copy.tp = tp;
        copy.fp = fp;
        copy.fn = fn;
        copy.tn = tn;
        copy.positiveScores = positiveScores.copy();
        copy.negativeScores = negativeScores.copy();
        return copy;
    }

    /** Writes the confusion matrix and the scores (the positive outcome comes from the plan when they are read). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        for (long v : new long[] {tp, fp, fn, tn}) {
            out.writeLong(v);
        }
        positiveScores.writeTo(out);
        negativeScores.writeTo(out);
    }

    /** Reads what {@link #writeTo} wrote, with the plan's positive outcome. */
    public static PerformanceCounts readFrom(Object positive, DataInput in) throws IOException {
        Binary.expect(in, FORMAT, "performance counts, format " + FORMAT);
        PerformanceCounts c = new PerformanceCounts(positive, 1);
        c.tp = in.readLong();
        c.fp = in.readLong();
        c.fn = in.readLong();
        c.tn = in.readLong();
        c.positiveScores = NumericSample.readFrom(in);
        c.negativeScores = NumericSample.readFrom(in);
        return c;
    }
}
