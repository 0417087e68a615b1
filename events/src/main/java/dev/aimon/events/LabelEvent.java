package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The ground truth for an earlier prediction, on {@code aimon.labels}.
 *
 * @param schemaVersion the contract version, {@value #SCHEMA_VERSION}
 * @param eventId the {@link PredictionEvent#eventId()} this label belongs to
 * @param modelId the model, also the record key
 * @param timestamp when the label became known
 * @param label the true outcome, in the same terms as the prediction
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabelEvent(int schemaVersion, String eventId, String modelId, Instant timestamp, Object label) {

    public static final int SCHEMA_VERSION = 1;
}
