package dev.aimon.stats.drift;

import dev.aimon.stats.window.Binary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often each category of one categorical feature occurred in a window (or the reference). Distinct categories
 * are bounded: past the limit, new ones are counted together under {@link #OTHER}, so a feature that turns out to be
 * an identifier cannot grow the state without end.
 */
public final class CategoryCounts {

    /** The format of {@link #writeTo}. */
    static final int FORMAT = 1;

    /** The default number of distinct categories counted on their own. */
    public static final int DEFAULT_LIMIT = 1_000;

    /** Where categories past the limit are counted. */
    public static final String OTHER = "(other)";

    private final int limit;
    private final LinkedHashMap<String, Long> counts = new LinkedHashMap<>();
    private long total;

    public CategoryCounts() {
        this(DEFAULT_LIMIT);
    }

    public CategoryCounts(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one category, got limit " + limit);
        }
        this.limit = limit;
    }

    public void add(String category) {
        String key = counts.containsKey(category) || counts.size() < limit ? category : OTHER;
        counts.merge(key, 1L, Long::sum);
        total++;
    }

    public long total() {
        return total;
    }

    public long count(String category) {
        return counts.getOrDefault(category, 0L);
    }

    /** The counts by category, in first-seen order. */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** A copy that shares nothing with these counts. */
    public CategoryCounts copy() {
        CategoryCounts copy = new CategoryCounts(limit);
        copy.counts.putAll(counts);
        copy.total = total;
        return copy;
    }

    /** Writes the limit and the counts in first-seen order. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeInt(limit);
        out.writeInt(counts.size());
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            Binary.writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    public static CategoryCounts readFrom(DataInput in) throws IOException {
        Binary.expect(in, FORMAT, "category counts, format " + FORMAT);
        int limit = in.readInt();
        if (limit < 1) {
            throw new IOException("corrupt category counts: limit " + limit);
        }
        CategoryCounts c = new CategoryCounts(limit);
        int n = Binary.length(in.readInt());
        for (int i = 0; i < n; i++) {
            String category = Binary.readString(in);
            long count = in.readLong();
            c.counts.put(category, count);
            c.total += count;
        }
        return c;
    }
}
