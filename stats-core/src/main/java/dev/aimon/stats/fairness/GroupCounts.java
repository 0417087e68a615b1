package dev.aimon.stats.fairness;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The outcome counts of one group in one window: all a group's fairness metrics derive from these. Mutable and
 * mergeable; a handful of longs however many events the group sees.
 */
public final class GroupCounts {

    private long n;
    private long selected;
    private long truePositives;
    private long falsePositives;
    private long trueNegatives;
    private long falseNegatives;

    /** Counts one prediction: whether it was the favourable outcome, and its label's, when known. */
    public void add(boolean favourablePrediction, Outcome label) {
        n++;
        if (favourablePrediction) {
            selected++;
        }
        label(favourablePrediction, label);
    }

    /**
     * Adds the label of a prediction counted earlier without one: the prediction moves from the unlabelled to its
     * cell of the confusion matrix; n and the selections stay as they are.
     */
    public void label(boolean favourablePrediction, Outcome label) {
        switch (label) {
            case FAVOURABLE -> {
                if (favourablePrediction) truePositives++;
                else falseNegatives++;
            }
            case UNFAVOURABLE -> {
                if (favourablePrediction) falsePositives++;
                else trueNegatives++;
            }
            case UNKNOWN -> {}
        }
    }

    /** Adds another group's counts to these (the union of the two samples). */
    public void merge(GroupCounts other) {
        n += other.n;
        selected += other.selected;
        truePositives += other.truePositives;
        falsePositives += other.falsePositives;
        trueNegatives += other.trueNegatives;
        falseNegatives += other.falseNegatives;
    }

    /** A copy of these counts. */
    public GroupCounts copy() {
        GroupCounts copy = new GroupCounts();
        copy.merge(this);
        return copy;
    }

    /** Writes the six counts. */
    void writeTo(DataOutput out) throws IOException {
        for (long v : new long[] {n, selected, truePositives, falsePositives, trueNegatives, falseNegatives}) {
            out.writeLong(v);
        }
    }

    static GroupCounts readFrom(DataInput in) throws IOException {
        GroupCounts c = new GroupCounts();
        c.n = in.readLong();
        c.selected = in.readLong();
        c.truePositives = in.readLong();
        c.falsePositives = in.readLong();
        c.trueNegatives = in.readLong();
        c.falseNegatives = in.readLong();
        return c;
    }

    /** The predictions counted. */
    public long n() {
        return n;
    }

    /** The predictions with the favourable outcome. */
    public long selected() {
        return selected;
    }

    /** The predictions whose label is known. */
    public long labelled() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public long truePositives() {
        return truePositives;
    }

    public long falsePositives() {
        return falsePositives;
    }

    public long trueNegatives() {
        return trueNegatives;
    }

    public long falseNegatives() {
        return falseNegatives;
    }

    /** What a label says, in the plan's terms. */
    public enum Outcome {
        FAVOURABLE,
        UNFAVOURABLE,
        UNKNOWN
    }
}
