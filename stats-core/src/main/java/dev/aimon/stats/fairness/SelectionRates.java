package dev.aimon.stats.fairness;

import dev.aimon.stats.Estimate;
import java.util.function.BiFunction;

/**
 * The selection-rate metrics of an unprivileged group against the privileged group (Feldman et al. 2015; the
 * definitions of AIF360 and Fairlearn).
 *
 * <ul>
 *   <li>selection rate: P(ŷ = favourable | group) = selected / n
 *   <li>statistical parity difference: rate(unprivileged) − rate(privileged); 0 is parity
 *   <li>disparate impact ratio: rate(unprivileged) / rate(privileged); 1 is parity, below 0.8 fails the four-fifths
 *       rule
 * </ul>
 */
public final class SelectionRates {

    private SelectionRates() {}

    /** The share of a group's predictions that are favourable. */
    public static Estimate selectionRate(GroupCounts group) {
        if (group.n() == 0) {
            return Estimate.undefined("the group has no predictions");
        }
        return Estimate.of((double) group.selected() / group.n());
    }

    public static Estimate statisticalParityDifference(GroupCounts unprivileged, GroupCounts privileged) {
        return compare(unprivileged, privileged, (u, p) -> Estimate.of(u - p));
    }

    public static Estimate disparateImpactRatio(GroupCounts unprivileged, GroupCounts privileged) {
        return compare(
                unprivileged,
                privileged,
                (u, p) ->
                        p == 0 ? Estimate.undefined("the privileged group's selection rate is 0") : Estimate.of(u / p));
    }

    /** Applies {@code metric} to the two selection rates, once both are defined. */
    private static Estimate compare(
            GroupCounts unprivileged, GroupCounts privileged, BiFunction<Double, Double, Estimate> metric) {
        Estimate u = selectionRate(unprivileged);
        if (!u.isDefined()) {
            return u;
        }
        Estimate p = selectionRate(privileged);
        if (!p.isDefined()) {
            return Estimate.undefined("the privileged group has no predictions");
        }
        return metric.apply(u.value(), p.value());
    }
}
