package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What is monitored for one model, how and when (ISO/IEC 42001 clause 9.1): the body of {@code PUT
 * /v1/models/{modelId}/plan}, and the payload of a {@link MonitoringPlanEvent}.
 *
 * @param modelId the model
 * @param features the features to watch for drift, with their types
 * @param protectedAttributes the attributes to compare groups on, each with its privileged values
 * @param intersections combinations of protected attributes whose subgroups are compared too
 * @param favorableOutcome the prediction value that is good for the person it concerns
 * @param window how events are cut into windows
 * @param minGroupSize the smallest group (or window) a verdict may rest on
 * @param fairness the fairness metrics' significance level and bounds
 * @param drift the drift metrics' significance level, reference and bounds
 * @param expectedInterval the longest silence before a monitoring gap is reported
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MonitoringPlan(
        String modelId,
        List<Feature> features,
        List<ProtectedAttribute> protectedAttributes,
        List<List<String>> intersections,
        Object favorableOutcome,
        Window window,
        Integer minGroupSize,
        Fairness fairness,
        Drift drift,
        Duration expectedInterval)
        implements Serializable {

    /** A feature and how it is measured. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Feature(String name, FeatureType type) implements Serializable {}

    /** A protected attribute and the values of its privileged group (one or more). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProtectedAttribute(String name, List<String> privileged) implements Serializable {}

    /**
     * Tumbling windows, either by count ({@code events}) or by event time ({@code duration}, with {@code
     * allowedLateness}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Window(Integer events, Duration duration, Duration allowedLateness) implements Serializable {}

    /**
     * Fairness metrics: the significance level of a breach and the bounds per metric.
     *
     * @param defaultBounds false: a metric the plan does not bound is reported without bounds and never breaches;
     *     true or absent: it gets the documented default bounds
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fairness(Double alpha, Map<Metric, Threshold> metrics, Boolean defaultBounds)
            implements Serializable {

        public Fairness(Double alpha, Map<Metric, Threshold> metrics) {
            this(alpha, metrics, null);
        }

        /** Whether metrics the plan does not bound get the default bounds. */
        public boolean usesDefaultBounds() {
            return defaultBounds == null || defaultBounds;
        }
    }

    /**
     * Drift metrics: the significance level, where the reference comes from, and the bounds per metric.
     *
     * @param defaultBounds false: a metric the plan does not bound is reported without bounds and never breaches;
     *     true or absent: it gets the documented default bounds
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Drift(Double alpha, Reference reference, Map<Metric, Threshold> metrics, Boolean defaultBounds)
            implements Serializable {

        public Drift(Double alpha, Reference reference, Map<Metric, Threshold> metrics) {
            this(alpha, reference, metrics, null);
        }

        /** Whether metrics the plan does not bound get the default bounds. */
        public boolean usesDefaultBounds() {
            return defaultBounds == null || defaultBounds;
        }
    }

    /** Where the drift reference comes from. */
    public enum Reference {
        /** Reference data uploaded to drift-service. */
        UPLOADED,
        /** The model's first full window. */
        FIRST_WINDOW
    }
}
