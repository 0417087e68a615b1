package dev.aimon.stats.drift;

import dev.aimon.stats.window.Binary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The values of one numeric feature in one window (or reference): every value up to a limit, and past it a uniform
 * random sample of that many values (reservoir sampling, Vitter's Algorithm R), so memory stops growing at the
 * limit while the statistics keep resting on an honest random sample of the stream. The count, the smallest and the
 * largest value stay exact.
 *
 * <p>Why a sample and not a quantile sketch: a test on a uniform sample is still a valid test (its p-value is
 * computed with the sample's size, so it is conservative), whereas a sketch's rank error (about 1.7% for KLL with k
 * = 200) is far larger than the KS distance that is significant at a million values (about 0.2%), so tests on a
 * sketch would call every large window significant on sketch noise. The sample's distance to the window's exact
 * distribution function is bounded by the Dvoretzky–Kiefer–Wolfowitz inequality: at most √(ln(2/δ)/(2L)) with
 * probability 1 − δ, 0.52% for L = 100,000 and δ = 1% ({@link #dkwBound}).
 */
public final class NumericSample {

    /** The format of {@link #writeTo}. */
    static final int FORMAT = 1;

    /** The default number of exact values kept per feature and window. */
    public static final int DEFAULT_LIMIT = 100_000;

    /**
     * The kept values are held in chunks of 4,096 (32 KB), so that a growing window allocates each value's slot once
     * instead of copying all its values at every doubling of one array (13% of drift-service's allocation under load,
     * in arrays that outlived young collections). The first chunk starts small and doubles up to a chunk.
     */
    private static final int CHUNK_BITS = 12;

    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;
    private static final double[] NONE = new double[0];

    private final int limit;
    private double[][] chunks;
    private int size;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    /** The state of a SplitMix64 generator: a long, so the sample's randomness survives a checkpoint. */
    private long random;

    /** Written by the evaluating thread of a closed window, whose sample it may share with the stream's thread. */
    private volatile double[] sorted;

    public NumericSample() {
        this(DEFAULT_LIMIT, 0x2545F4914F6CDD1DL);
    }

    /**
     * @param limit how many values are kept
     * @param seed the seed of the sampling once past the limit
     */
    public NumericSample(int limit, long seed) {
        if (limit < 1) {
            throw new IllegalArgumentException("a sample keeps at least one value, got limit " + limit);
        }
        this.limit = limit;
        this.chunks = new double[][] {new double[Math.min(16, limit)]};
        this.random = seed;
    }

    public void add(double value) {
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (sorted != null) {
            sorted = null; // a volatile write at every value would be a fence at every value
        }
        if (size < limit) {
            keep(value);
            return;
        }
        // Algorithm R: the i-th value replaces a random kept one with probability limit / i.
        long slot = Long.remainderUnsigned(nextRandom(), count);
        if (slot < limit) {
            chunks[(int) (slot >>> CHUNK_BITS)][(int) (slot & MASK)] = value;
        }
    }

    /** Keeps a value after those kept, in its chunk, made or grown to hold it (below the limit only). */
    private void keep(double value) {
        int c = size >>> CHUNK_BITS;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, 2 * c);
        }
        double[] chunk = chunks[c];
        int at = size & MASK;
        if (chunk == null || at == chunk.length) {
            // A new chunk is whole; the first one doubles up to a chunk. Neither goes past the limit.
            int length = Math.min(Math.min(CHUNK, limit - (c << CHUNK_BITS)), chunk == null ? CHUNK : 2 * at);
            chunk = chunks[c] = Arrays.copyOf(chunk == null ? NONE : chunk, length);
        }
        chunk[at] = value;
        size++;
    }

    private long nextRandom() {
        long z = (random += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** How many values were added. */
    public long count() {
        return count;
    }

    /** How many values are kept: all of them, or the limit once past it. */
    public int size() {
        return size;
    }

    /** True while every value added is kept. */
    public boolean exact() {
        return count == size;
    }

    public int limit() {
        return limit;
    }

    /** The smallest value added; +∞ when none. */
    public double min() {
        return min;
    }

    /** The largest value added; −∞ when none. */
    public double max() {
        return max;
    }

    /** A copy of the kept values, in no particular order once past the limit. */
    public double[] values() {
        double[] all = new double[size];
        for (int from = 0; from < size; from += CHUNK) {
            System.arraycopy(chunks[from >>> CHUNK_BITS], 0, all, from, Math.min(CHUNK, size - from));
        }
        return all;
    }

    /** The kept values in ascending order; computed once until the next value arrives. Do not change it. */
    public double[] sorted() {
        double[] s = sorted;
        if (s == null) {
            s = values();
            Arrays.sort(s);
            sorted = s;
        }
        return s;
    }

    /**
     * The Dvoretzky–Kiefer–Wolfowitz bound: with probability at least 1 − δ, no value's rank in a uniform sample of
     * {@code size} values differs from its rank among all the values by more than this fraction.
     */
    public static double dkwBound(int size, double delta) {
        return Math.sqrt(Math.log(2 / delta) / (2.0 * size));
    }

    /** A copy that shares nothing with this sample (the sorted view is not copied). */
    public NumericSample copy() {
        NumericSample copy = new NumericSample(limit, random);
        copy.chunks = new double[chunks.length][];
        for (int c = 0; c < chunks.length; c++) {
            copy.chunks[c] = chunks[c] == null ? null : chunks[c].clone();
        }
        copy.size = size;
        copy.count = count;
        copy.min = min;
        copy.max = max;
        return copy;
    }

    /** Writes the sample: limit, count, extremes, the generator's state and the kept values. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeInt(limit);
        out.writeLong(count);
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeLong(random);
        out.writeInt(size); // as Binary.writeDoubles writes an array
        for (int i = 0; i < size; i++) {
            out.writeDouble(chunks[i >>> CHUNK_BITS][i & MASK]);
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    public static NumericSample readFrom(DataInput in) throws IOException {
        Binary.expect(in, FORMAT, "a numeric sample, format " + FORMAT);
        int limit = in.readInt();
        if (limit < 1) {
            throw new IOException("corrupt sample: limit " + limit);
        }
        long count = in.readLong();
        double min = in.readDouble();
        double max = in.readDouble();
        NumericSample s = new NumericSample(limit, in.readLong());
        double[] values = Binary.readDoubles(in);
        if (values.length > limit || values.length > count) {
            throw new IOException("corrupt sample: " + values.length + " values kept with limit " + limit);
        }
        for (double v : values) {
            s.keep(v);
        }
        s.count = count;
        s.min = min;
        s.max = max;
        return s;
    }
}
