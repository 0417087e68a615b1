package dev.aimon.analysis;

import dev.aimon.events.LabelEvent;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.stats.window.ModelWindows;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An {@link Analysis} over windows: the plans and windows of the models this instance consumes, and the recent
 * reports. A subclass says how an event (and a late label) updates a window's state and how a closed window is
 * evaluated. Make the subclass a {@code @Singleton} bean: it has no no-argument constructor for a client proxy.
 *
 * <p>The stream consumer, the revision timer and the partition listener call it from different threads, so the
 * methods that touch windows hold its lock; each is short.
 *
 * @param <S> a window's state: counts or samples, never the events
 */
public abstract class WindowedAnalysis<S extends Serializable> implements Analysis {

    private final String service;
    private final ModelWindows<S> windows;
    private final RecentReports reports;
    private final Duration planWait;

    protected WindowedAnalysis(
            String service,
            Function<MonitoringPlanEvent, S> fresh,
            ModelWindows.Limits limits,
            RecentReports reports,
            Duration planWait) {
        this.service = service;
        this.windows = new ModelWindows<>(fresh, limits);
        this.reports = reports;
        this.planWait = planWait;
    }

    /** Adds one event to a window's state. */
    protected abstract void update(S state, PredictionEvent event);

    /** Adds a late label to the window state that counted its prediction; by default labels change nothing. */
    protected void label(S state, ModelWindows.Unlabelled prediction, Object label) {}

    /** Evaluates a window of the stream when it closes, and again when late labels revise it. */
    protected abstract WindowEvaluation evaluateWindow(ModelWindows.Closed<S> closed);

    /**
     * Evaluations that are due by the clock rather than by an event (drift's monitoring gaps); called with the
     * revisions, under the same lock. None by default.
     */
    protected List<WindowEvaluation> due() {
        return List.of();
    }

    /** Forgets what the subclass keeps of a model besides its windows and reports. */
    protected void forgetModel(String modelId) {}

    /** What the subclass keeps of a model besides its windows, for a checkpoint; null when nothing. */
    protected Serializable modelExtra(String modelId) {
        return null;
    }

    /** Puts back what {@link #modelExtra} gave. */
    protected void restoreModelExtra(String modelId, Serializable extra) {}

    /** What a checkpoint holds of one model. */
    private record Held(Serializable windows, Serializable extra) implements Serializable {}

    @Override
    public final String service() {
        return service;
    }

    @Override
    public final void plan(MonitoringPlanEvent plan) {
        windows.plan(plan);
    }

    @Override
    public final synchronized void deletePlan(String modelId) {
        windows.deletePlan(modelId);
        reports.forget(modelId);
        forgetModel(modelId);
    }

    /** The plan version in force for a model, if any. */
    public final Optional<MonitoringPlanEvent> currentPlan(String modelId) {
        return windows.plan(modelId);
    }

    @Override
    public final boolean hasPlan(String modelId) {
        return windows.plan(modelId).isPresent();
    }

    @Override
    public final synchronized List<WindowEvaluation> add(PredictionEvent event) {
        ModelWindows.Added<S> added = windows.add(event, this::update);
        reports.lastEvent(event.modelId(), event.timestamp());
        if (!added.counted()) {
            reports.lateEvent(event.modelId());
        }
        return evaluate(added.closed());
    }

    @Override
    public final synchronized ModelWindows.LabelMatch label(LabelEvent label) {
        return windows.label(label, this::label);
    }

    @Override
    public final synchronized List<WindowEvaluation> revisions() {
        List<WindowEvaluation> revised = new ArrayList<>();
        for (String modelId : windows.models()) {
            revised.addAll(evaluate(windows.revisions(modelId)));
        }
        // Not windows: published and counted, but neither gauges nor the windows endpoint show them.
        for (WindowEvaluation e : due()) {
            reports.breaches(e.report().modelId(), e.breaches());
            revised.add(e);
        }
        return revised;
    }

    private List<WindowEvaluation> evaluate(List<ModelWindows.Closed<S>> closed) {
        List<WindowEvaluation> evaluations = new ArrayList<>(closed.size());
        for (ModelWindows.Closed<S> c : closed) {
            WindowEvaluation evaluation = evaluateWindow(c);
            reports.add(evaluation.report());
            reports.breaches(c.plan().modelId(), evaluation.breaches());
            evaluations.add(evaluation);
        }
        return evaluations;
    }

    @Override
    public final synchronized byte[] snapshot(Collection<String> modelIds) {
        HashMap<String, Serializable> held = new HashMap<>();
        windows.snapshot(modelIds).forEach((id, w) -> held.put(id, new Held(w, modelExtra(id))));
        return Snapshots.encode(held);
    }

    @Override
    public final synchronized Set<String> restore(byte[] snapshot) {
        Map<String, Serializable> restored = new HashMap<>();
        Snapshots.decode(snapshot).forEach((id, value) -> {
            Held held = (Held) value;
            restored.put(id, held.windows());
            if (held.extra() != null) {
                restoreModelExtra(id, held.extra());
            }
        });
        windows.restore(restored);
        return restored.keySet();
    }

    @Override
    public final synchronized void forget(Collection<String> modelIds) {
        windows.forget(modelIds);
        modelIds.forEach(this::forgetModel);
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
