package dev.aimon.stats;

import java.util.Objects;

/** How predictions and labels are compared with a plan's favourable outcome. */
public final class Outcomes {

    private Outcomes() {}

    /**
     * Whether two outcomes are the same: numbers by numeric value (1 and 1.0 agree), anything else by its text ("true"
     * and true agree).
     */
    public static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return a != null && b != null && Objects.equals(a.toString(), b.toString());
    }
}
