package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One metric result whose verdict is {@link Verdict#BREACH}, on {@code aimon.breaches}.
 *
 * @param schemaVersion the contract version, {@value #SCHEMA_VERSION}
 * @param breachId derived from the report and the result ({@link EventIds#breach}); incident-service ignores a
 *     repeat
 * @param reportId the window report that holds the result
 * @param service the service that found it
 * @param kind what kind of requirement is not met
 * @param modelId the model
 * @param modelVersion the model version of the window's events
 * @param planVersion the plan version the window was computed under
 * @param window the data window
 * @param result the metric result, with its value, sample sizes, evidence and threshold
 * @param detectedAt when the window was evaluated
 * @param referenceHash sha256 of the drift reference profile, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BreachEvent(
        int schemaVersion,
        String breachId,
        String reportId,
        String service,
        BreachKind kind,
        String modelId,
        String modelVersion,
        int planVersion,
        WindowSummary window,
        MetricResult result,
        Instant detectedAt,
        String referenceHash) {

    public static final int SCHEMA_VERSION = 1;
}
