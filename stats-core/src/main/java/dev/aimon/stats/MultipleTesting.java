package dev.aimon.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Corrections for testing many hypotheses in one window. */
public final class MultipleTesting {

    private MultipleTesting() {}

    /**
     * Benjamini–Hochberg adjusted p-values (Benjamini and Hochberg 1995; R's {@code p.adjust(p, "BH")}): sorted
     * ascending, p_(i) · m / i, made monotone from the largest down and capped at 1. Rejecting every hypothesis whose
     * adjusted p-value is below q controls the false discovery rate at q. Returned in the order given.
     */
    /** The same adjustment, for p-values kept by what they test: the adjusted value of each key, in the map's order. */
    public static <K> Map<K, Double> benjaminiHochberg(Map<K, Double> pValues) {
        List<K> keys = List.copyOf(pValues.keySet());
        double[] adjusted =
                benjaminiHochberg(keys.stream().mapToDouble(pValues::get).toArray());
        Map<K, Double> byKey = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byKey.put(keys.get(i), adjusted[i]);
        }
        return byKey;
    }

    public static double[] benjaminiHochberg(double[] pValues) {
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, pValues[i] * m / rank);
            adjusted[i] = Math.min(1.0, running);
        }
        return adjusted;
    }
}
