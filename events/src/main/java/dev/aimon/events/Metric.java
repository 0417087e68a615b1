package dev.aimon.events;

/** Metric ids, as they appear in plans, window reports, breaches and Prometheus labels. */
public enum Metric {
    // Fairness: the unprivileged group minus, or over, the privileged group.
    STATISTICAL_PARITY_DIFFERENCE,
    DISPARATE_IMPACT_RATIO,
    EQUAL_OPPORTUNITY_DIFFERENCE,
    FALSE_POSITIVE_RATE_DIFFERENCE,
    AVERAGE_ODDS_DIFFERENCE,
    EQUALIZED_ODDS_DIFFERENCE,
    PREDICTIVE_PARITY_DIFFERENCE,
    // Drift of a feature, the prediction or the score against the reference.
    KS,
    PSI,
    WASSERSTEIN,
    JENSEN_SHANNON,
    CHI_SQUARE,
    // Performance, once labels arrive.
    ACCURACY,
    PRECISION,
    RECALL,
    F1,
    AUC,
    // Data quality.
    MISSING_RATE,
    OUT_OF_RANGE_RATE,
    UNSEEN_CATEGORY_RATE,
    // A stale stream: seconds since the model's last event, against its plan's expectedInterval.
    SECONDS_SINCE_LAST_EVENT
}
