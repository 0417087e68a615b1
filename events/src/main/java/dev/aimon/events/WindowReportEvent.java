package dev.aimon.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What one analysis service found in one closed window, whatever the verdicts: the evidence that monitoring ran. On
 * {@code aimon.windows}.
 *
 * @param schemaVersion the contract version, {@value #SCHEMA_VERSION}
 * @param reportId derived from content ({@link EventIds#windowReport}), so a redelivery is recognisable
 * @param service the service that computed it: {@code fairness} or {@code drift}
 * @param modelId the model
 * @param modelVersion the model version of the window's events (the last one seen)
 * @param planVersion the plan version the window was computed under
 * @param window the data window
 * @param results every metric that applies, bounded by the plan or not
 * @param createdAt when the report was computed
 * @param referenceHash sha256 of the drift reference profile, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WindowReportEvent(
        int schemaVersion,
        String reportId,
        String service,
        String modelId,
        String modelVersion,
        int planVersion,
        WindowSummary window,
        List<MetricResult> results,
        Instant createdAt,
        String referenceHash) {

    public static final int SCHEMA_VERSION = 1;
}
