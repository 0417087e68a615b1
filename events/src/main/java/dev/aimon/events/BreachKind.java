package dev.aimon.events;

/** What kind of requirement a breach fails; it decides the controls a nonconformity maps to. */
public enum BreachKind {
    FAIRNESS,
    DATA_DRIFT,
    PREDICTION_DRIFT,
    PERFORMANCE,
    DATA_QUALITY,
    MONITORING_GAP
}
