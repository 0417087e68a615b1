package dev.aimon.analysis;

import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.stats.window.ModelWindows;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An {@link Analysis} over count windows: the plans and open windows of the models this instance consumes, and the
 * recent reports. A subclass says how an event updates a window's state and how a closed window is evaluated. Make
 * the subclass a {@code @Singleton} bean: it has no no-argument constructor for a client proxy.
 *
 * @param <S> a window's state: counts or samples, never the events
 */
public abstract class WindowedAnalysis<S> implements Analysis {

    private final String service;
    private final ModelWindows<S> windows;
    private final RecentReports reports;
    private final Duration planWait;

    protected WindowedAnalysis(
            String service, Function<MonitoringPlanEvent, S> fresh, RecentReports reports, Duration planWait) {
        this.service = service;
        this.windows = new ModelWindows<>(fresh);
        this.reports = reports;
        this.planWait = planWait;
    }

    /** Adds one event to a window's state. */
    protected abstract void update(S state, PredictionEvent event);

    /** Evaluates a window of the stream when it closes. */
    protected abstract WindowEvaluation evaluateWindow(ModelWindows.Closed<S> closed);

    /** Forgets what the subclass keeps of a model besides its window and reports. */
    protected void forget(String modelId) {}

    @Override
    public final String service() {
        return service;
    }

    @Override
    public final void plan(MonitoringPlanEvent plan) {
        windows.plan(plan);
    }

    @Override
    public final void deletePlan(String modelId) {
        windows.deletePlan(modelId);
        reports.forget(modelId);
        forget(modelId);
    }

    @Override
    public final boolean hasPlan(String modelId) {
        return windows.plan(modelId).isPresent();
    }

    @Override
    public final Optional<WindowEvaluation> add(PredictionEvent event) {
        return windows.add(event, this::update).map(closed -> {
            WindowEvaluation evaluation = evaluateWindow(closed);
            reports.add(evaluation.report());
            return evaluation;
        });
    }

    @Override
    public final List<WindowReportEvent> recentReports(String modelId, int limit) {
        return reports.newest(modelId, limit);
    }

    @Override
    public final Duration planWait() {
        return planWait;
    }

    /** The recent reports and the gauges, for a subclass that adds gauges of its own. */
    protected final RecentReports reports() {
        return reports;
    }
}
