package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;

/**
 * One metric's value and verdict in one window. Fairness results name an attribute and groups; drift results a
 * feature.
 *
 * @param metric the metric id
 * @param attribute the protected attribute (fairness)
 * @param group the group compared (fairness)
 * @param referenceGroup the privileged group it is compared with (fairness)
 * @param feature the feature, {@code prediction} or {@code score} (drift)
 * @param value the metric's value; absent when it cannot be computed ({@code reason} says why)
 * @param n the sample size behind the value (the group, or the window)
 * @param referenceN the size of the reference group or reference data
 * @param ci a confidence interval for the value, {@code [low, high]}
 * @param pValue the p-value of the test behind the verdict
 * @param threshold the bounds the verdict was decided against
 * @param verdict the verdict
 * @param reason why the value is absent or the evidence insufficient
 * @param referenceValue the same metric in the reference, where the value is one of a pair (performance)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricResult(
        Metric metric,
        String attribute,
        String group,
        String referenceGroup,
        String feature,
        Double value,
        Long n,
        Long referenceN,
        List<Double> ci,
        @JsonProperty("pValue") Double pValue,
        Threshold threshold,
        Verdict verdict,
        String reason,
        Double referenceValue)
        implements Serializable {

    /** A result without a reference value. */
    public MetricResult(
            Metric metric,
            String attribute,
            String group,
            String referenceGroup,
            String feature,
            Double value,
            Long n,
            Long referenceN,
            List<Double> ci,
            Double pValue,
            Threshold threshold,
            Verdict verdict,
            String reason) {
        this(
                metric,
                attribute,
                group,
                referenceGroup,
                feature,
                value,
                n,
                referenceN,
                ci,
                pValue,
                threshold,
                verdict,
                reason,
                null);
    }
}
