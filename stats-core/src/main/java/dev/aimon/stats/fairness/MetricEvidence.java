package dev.aimon.stats.fairness;

import dev.aimon.stats.Estimate;
import dev.aimon.stats.Interval;
import java.util.Optional;

/**
 * One fairness metric of one comparison, with what a verdict needs.
 *
 * @param value the metric's value, or why it has none
 * @param ci its 95% interval, when one is defined
 * @param pValue the two-sided p-value of the test that the groups do not differ on it (before any correction);
 *     absent when no test is possible (an empty denominator)
 * @param n the unprivileged group's denominator (predictions, actual positives, actual negatives, …)
 * @param referenceN the privileged group's denominator
 */
public record MetricEvidence(Estimate value, Optional<Interval> ci, Optional<Double> pValue, long n, long referenceN) {}
