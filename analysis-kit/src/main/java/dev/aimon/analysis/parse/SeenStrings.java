package dev.aimon.analysis.parse;

import java.util.Arrays;

/** Strings seen before, found by their bytes without building a new one (a small table, oldest replaced). */
final class SeenStrings {
    private final byte[][] keys;
    private final String[] values;
    private int next;

    SeenStrings(int size) {
        keys = new byte[size][];
        values = new String[size];
    }

    String of(JsonScan s) {
        for (int k = 0; k < keys.length && keys[k] != null; k++) {
            if (s.textIs(keys[k])) {
                return values[k];
            }
        }
        String value = s.text();
        keys[next] = Arrays.copyOfRange(s.b, s.start, s.start + s.length);
        values[next] = value;
        next = (next + 1) % keys.length;
        return value;
    }
}
