package dev.aimon.stats.drift;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The exact values of one numeric feature in one window. A window holds at most its size in events, so this stays
 * bounded by the plan's window; past the exact-mode limit a quantile sketch takes over (drift-service issue).
 */
public final class NumericSample implements Serializable {

    private static final long serialVersionUID = 1L;

    private double[] values = new double[16];
    private int size;

    public void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int size() {
        return size;
    }

    /** A copy of the values, in arrival order. */
    public double[] values() {
        return Arrays.copyOf(values, size);
    }
}
