package dev.aimon.events;

/** The Kafka topics of aimon. Every record on them is keyed by {@code modelId}. */
public final class Topics {
    /** Prediction events as an ML platform writes them, before validation. */
    public static final String PREDICTIONS_RAW = "aimon.predictions.raw";
    /** Validated {@link PredictionEvent}s. */
    public static final String PREDICTIONS = "aimon.predictions";
    /** Validated {@link LabelEvent}s. */
    public static final String LABELS = "aimon.labels";
    /** The original bytes of rejected input; headers {@link #ERROR_HEADER} and {@link #SOURCE_HEADER}. */
    public static final String DLQ = "aimon.dlq";
    /** {@link MonitoringPlanEvent}s, compacted; a null value (tombstone) deletes the model's plan. */
    public static final String PLANS = "aimon.plans";
    /** {@link WindowReportEvent}s, one per closed window and service. */
    public static final String WINDOWS = "aimon.windows";
    /** {@link BreachEvent}s, one per metric result whose verdict is a breach. */
    public static final String BREACHES = "aimon.breaches";

    /** The signed heads of incident-service's register ledger, published outside its database. */
    public static final String AUDIT = "aimon.audit";

    /** Header of a dead-lettered record: why it was rejected. */
    public static final String ERROR_HEADER = "aimon.error";
    /** Header of a dead-lettered record: where it came from (an HTTP path or a topic). */
    public static final String SOURCE_HEADER = "aimon.source";

    private Topics() {}
}
