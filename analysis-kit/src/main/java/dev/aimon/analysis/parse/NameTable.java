package dev.aimon.analysis.parse;

import dev.aimon.stats.window.Layout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The names of a layout's feature or attribute slots, found by their bytes: first at the position they had in
 * the record before (the usual case: producers write fields in one order), then by a scan. Per attribute slot, a
 * table of the values seen.
 */
final class NameTable {
    private final byte[][] names;
    private final int[] byPosition = new int[64];
    private final SeenStrings[] values;

    private NameTable(String[] names) {
        this.names = new byte[names.length][];
        for (int k = 0; k < names.length; k++) {
            this.names[k] = names[k].getBytes(StandardCharsets.UTF_8);
        }
        Arrays.fill(byPosition, -1);
        values = new SeenStrings[names.length];
        for (int k = 0; k < names.length; k++) {
            values[k] = new SeenStrings(16);
        }
    }

    static NameTable features(Layout layout) {
        String[] names = new String[layout.features()];
        for (int k = 0; k < names.length; k++) {
            names[k] = layout.feature(k);
        }
        return new NameTable(names);
    }

    static NameTable attributes(Layout layout) {
        String[] names = new String[layout.attributes()];
        for (int k = 0; k < names.length; k++) {
            names[k] = layout.attribute(k);
        }
        return new NameTable(names);
    }

    /** The slot the last string names, -1 for none; {@code position} is its place in its object. */
    int find(JsonScan s, int position) {
        if (position < byPosition.length) {
            int guess = byPosition[position];
            if (guess >= 0 && s.textIs(names[guess])) {
                return guess;
            }
        }
        for (int k = 0; k < names.length; k++) {
            if (s.textIs(names[k])) {
                if (position < byPosition.length) {
                    byPosition[position] = k;
                }
                return k;
            }
        }
        return -1;
    }

    /** An attribute slot's value for the last string. */
    String value(int slot, JsonScan s) {
        return values[slot].of(s);
    }
}
