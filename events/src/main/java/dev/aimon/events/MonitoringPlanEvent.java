package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.time.Instant;

/**
 * A stored version of a model's monitoring plan, on the compacted {@code aimon.plans} (key {@code modelId}; a null
 * value deletes the model's plan).
 *
 * @param schemaVersion the contract version, {@value #SCHEMA_VERSION}
 * @param modelId the model
 * @param planVersion 1 for the first plan of a model, then one more per change
 * @param createdAt when this version was stored
 * @param createdBy who stored it
 * @param plan the plan itself
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MonitoringPlanEvent(
        int schemaVersion, String modelId, int planVersion, Instant createdAt, String createdBy, MonitoringPlan plan)
        implements Serializable {

    public static final int SCHEMA_VERSION = 1;
}
