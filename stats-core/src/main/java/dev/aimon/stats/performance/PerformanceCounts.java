package dev.aimon.stats.performance;

import dev.aimon.stats.Outcomes;
import dev.aimon.stats.drift.NumericSample;
import java.io.Serial;
import java.io.Serializable;

/**
 * The labelled predictions of one window (or the reference) as a confusion matrix, the positive class being the
 * plan's favourable outcome, and the scores of each actual class for the AUC (bounded like any numeric sample).
 */
public final class PerformanceCounts implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Object positive;
    private long tp;
    private long fp;
    private long fn;
    private long tn;
    private final NumericSample positiveScores;
    private final NumericSample negativeScores;

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
        boolean predicted = Outcomes.same(prediction, positive);
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
        if (score != null && Double.isFinite(score)) {
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
}
