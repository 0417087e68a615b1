package dev.aimon.analysis;

import dev.aimon.events.LabelEvent;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.stats.window.ModelWindows;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What an analysis service does with the stream: keep plans, add predictions to their model's window, and evaluate
 * each window that closes. Each analysis service provides one bean of this type; the shared consumers call it.
 */
public interface Analysis {

    /** The service's name in reports and metrics: {@code fairness} or {@code drift}. */
    String service();

    /** Takes a plan version from {@code aimon.plans}. */
    void plan(MonitoringPlanEvent plan);

    /** Forgets a model whose plan was deleted: its state, reports and gauges. */
    void deletePlan(String modelId);

    boolean hasPlan(String modelId);

    /** Adds one prediction; returns the evaluations of the windows it closed, oldest first. */
    List<WindowEvaluation> add(PredictionEvent event);

    /** Joins a late label to its prediction's window. */
    ModelWindows.LabelMatch label(LabelEvent label);

    /** The re-evaluations of closed windows that late labels changed since their last report (new revisions). */
    List<WindowEvaluation> revisions();

    /** Everything held for these models (windows, labels waiting, references), encoded for a checkpoint. */
    byte[] snapshot(Collection<String> modelIds);

    /** Puts back what {@link #snapshot} took, after a restart; returns the models it held. */
    Set<String> restore(byte[] snapshot);

    /** Forgets the state of these models: another instance consumes them now. */
    void forget(Collection<String> modelIds);

    /**
     * Evaluates a batch with the stream's maths, publishing nothing: the batch cut into the plan's windows, the last
     * partial one included.
     *
     * @param reference reference data (drift), or empty to use the first window
     */
    List<WindowReportEvent> evaluate(
            MonitoringPlanEvent plan, List<PredictionEvent> events, List<PredictionEvent> reference);

    /** The newest reports of a model, newest first. */
    List<WindowReportEvent> recentReports(String modelId, int limit);

    /**
     * How long a prediction waits for its model's plan to arrive on {@code aimon.plans} (ingest publishes the plan
     * before it accepts predictions, so this only covers the start of the consumer); after it the event is skipped.
     */
    Duration planWait();
}
