package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One prediction of a model, on {@code aimon.predictions} (validated) and {@code aimon.predictions.raw}.
 *
 * @param schemaVersion the contract version, {@value #SCHEMA_VERSION}
 * @param eventId the idempotency key; labels refer to it
 * @param modelId the model, also the record key
 * @param modelVersion the version of the model that predicted
 * @param timestamp when the prediction was made (event time)
 * @param features the model's inputs by name: numbers or strings
 * @param attributes protected and segment attributes by name (they need not be model inputs)
 * @param prediction the decision: a number, string or boolean, compared with the plan's favourable outcome
 * @param score the model's score or probability, if any
 * @param label the ground truth, if already known; else a later {@link LabelEvent}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PredictionEvent(
        int schemaVersion,
        String eventId,
        String modelId,
        String modelVersion,
        Instant timestamp,
        Map<String, Object> features,
        Map<String, String> attributes,
        Object prediction,
        Double score,
        Object label) {

    public static final int SCHEMA_VERSION = 1;
}
