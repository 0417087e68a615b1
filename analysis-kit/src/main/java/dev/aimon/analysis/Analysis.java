package dev.aimon.analysis;

import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.ModelWindows;
import dev.aimon.stats.window.Observation;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What an analysis service does with the stream: keep plans, add predictions to their model's window, and evaluate
 * each window that closes. Each analysis service provides one bean of this type; the shared consumers call it.
 *
 * <p>The stream's thread adds events and labels under one lock; a closed window comes back as a {@link Closing},
 * which the service evaluates later, off that thread, in order per model.
 */
public interface Analysis {

    /** The service's name in reports and metrics: {@code fairness} or {@code drift}. */
    String service();

    /** Takes a plan version from {@code aimon.plans}. */
    void plan(MonitoringPlanEvent plan);

    /** Forgets a model whose plan was deleted: its state, reports and gauges. */
    void deletePlan(String modelId);

    boolean hasPlan(String modelId);

    /** What the stream must read of a model's events under its plan, or null when it has no plan. */
    Layout layout(String modelId);

    /**
     * Adds one prediction (read with the model's {@link #layout}); appends the windows it closed, oldest first.
     *
     * @return false when the event was late for its (closed) time window and was not counted
     */
    boolean add(Observation event, List<Closing> closed);

    /** Joins a late label to its prediction's window. */
    ModelWindows.LabelMatch label(String modelId, String eventId, Object label);

    /**
     * The re-evaluations due now: closed windows that late labels changed since their last report (new revisions),
     * and what the clock makes due (drift's monitoring gaps).
     */
    List<Closing> revisions();

    /** Everything held for these models (windows, labels waiting, references), encoded for a checkpoint. */
    byte[] snapshot(Collection<String> modelIds);

    /**
     * Puts back what {@link #snapshot} took, after a restart; returns the models it held.
     *
     * @throws IOException when the bytes are not a snapshot that this version reads
     */
    Set<String> restore(byte[] snapshot) throws IOException;

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

    /**
     * A window that closed (or a revision, or a gap) and waits to be evaluated. {@link #evaluate} runs off the
     * stream's thread, once, after the evaluations of the same model that came before it.
     */
    interface Closing {
        /** The model it belongs to. */
        String modelId();

        /** Its report and breaches; may take a while (statistics, a reference profile read from the database). */
        WindowEvaluation evaluate();
    }
}
