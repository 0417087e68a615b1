package dev.aimon.stats.drift;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often each category of one categorical feature occurred in a window (or the reference). Distinct categories
 * are bounded: past the limit, new ones are counted together under {@link #OTHER}, so a feature that turns out to be
 * an identifier cannot grow the state without end.
 */
public final class CategoryCounts implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

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
}
