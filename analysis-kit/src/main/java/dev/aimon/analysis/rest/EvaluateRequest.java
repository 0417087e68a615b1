package dev.aimon.analysis.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.PredictionEvent;
import java.util.List;

/**
 * The body of {@code POST /v1/evaluate}: a plan and a batch of predictions, evaluated with the stream's maths and
 * published nowhere.
 *
 * @param plan the monitoring plan, as for {@code PUT /v1/models/{modelId}/plan}
 * @param planVersion the plan version to write into the reports (default 0), to compare them with the stream's
 * @param reference drift only: the reference data; without it the first window is the reference
 * @param events the predictions, in order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluateRequest(
        MonitoringPlan plan, Integer planVersion, List<PredictionEvent> reference, List<PredictionEvent> events) {}
