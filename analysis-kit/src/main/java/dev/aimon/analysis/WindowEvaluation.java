package dev.aimon.analysis;

import dev.aimon.events.BreachEvent;
import dev.aimon.events.BreachKind;
import dev.aimon.events.EventIds;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.events.WindowSummary;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A closed window's report and the breaches in it.
 *
 * @param report the window report, whatever its verdicts
 * @param breaches one per result whose verdict is a breach
 */
public record WindowEvaluation(WindowReportEvent report, List<BreachEvent> breaches) {

    /**
     * Writes the report of a window (its first, revision 0, or a revision after late labels) and a breach of {@code kind} for each result whose verdict is {@link
     * Verdict#BREACH}; ids are derived from content ({@link EventIds}).
     */
    public static WindowEvaluation of(
            String service,
            BreachKind kind,
            MonitoringPlanEvent plan,
            String modelVersion,
            WindowSummary window,
            List<MetricResult> results,
            int revision,
            Instant now,
            String referenceHash) {
        return of(service, plan, modelVersion, window, results, revision, now, referenceHash, r -> kind);
    }

    /** The same, for a service whose results are of several kinds: {@code kindOf} names each breach's kind. */
    public static WindowEvaluation of(
            String service,
            MonitoringPlanEvent plan,
            String modelVersion,
            WindowSummary window,
            List<MetricResult> results,
            int revision,
            Instant now,
            String referenceHash,
            Function<MetricResult, BreachKind> kindOf) {
        String reportId = EventIds.windowReport(service, plan.modelId(), plan.planVersion(), window, revision);
        WindowReportEvent report = new WindowReportEvent(
                WindowReportEvent.SCHEMA_VERSION,
                reportId,
                service,
                plan.modelId(),
                modelVersion,
                plan.planVersion(),
                window,
                results,
                now,
                referenceHash);
        List<BreachEvent> breaches = results.stream()
                .filter(r -> r.verdict() == Verdict.BREACH)
                .map(r -> new BreachEvent(
                        BreachEvent.SCHEMA_VERSION,
                        EventIds.breach(reportId, r),
                        reportId,
                        service,
                        kindOf.apply(r),
                        plan.modelId(),
                        modelVersion,
                        plan.planVersion(),
                        window,
                        r,
                        now,
                        referenceHash))
                .toList();
        return new WindowEvaluation(report, breaches);
    }
}
