package dev.aimon.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.aimon.events.MonitoringPlan;
import java.time.Instant;

/**
 * One version in a model's plan history.
 *
 * @param planVersion the version
 * @param action whether it stored a plan or deleted it
 * @param at when
 * @param by who
 * @param plan the plan stored; absent for a deletion
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanHistoryEntry(int planVersion, Action action, Instant at, String by, MonitoringPlan plan) {

    /** What a version did. */
    public enum Action {
        STORED,
        DELETED
    }
}
