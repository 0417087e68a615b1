package dev.aimon.stats.window;

import dev.aimon.events.MonitoringPlanEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What a window's state is made of and how it changes: the analysis service's side of {@link ModelWindows}. A state
 * is counts or samples, never the events; it is written in a versioned binary form for checkpoints (never Java
 * serialisation, so that a changed class still reads an older checkpoint).
 *
 * @param <S> the state
 */
public interface StateType<S> {

    /** The fields of an event that the state reads, under a plan. */
    Layout layout(MonitoringPlanEvent plan);

    /** An empty state for a new window under a plan. */
    S fresh(MonitoringPlanEvent plan);

    /** Adds one observation (of {@link #layout}) to a window's state. */
    void add(S state, Observation o);

    /** Adds the late label of a prediction that the state counted without one; by default labels change nothing. */
    default void label(S state, PendingLabels.Pending prediction, Object label) {}

    /**
     * A copy of a closed window's state that shares nothing late labels change: a closed window is evaluated off the
     * stream's thread while late labels may still change the window that the stream keeps. It takes no more events,
     * so what only events change may be shared.
     */
    S copy(S state);

    /** Writes a state, with a format byte of its own first. */
    void write(S state, DataOutput out) throws IOException;

    /** Reads what {@link #write} wrote (of this or an earlier format) for a window under the plan. */
    S read(MonitoringPlanEvent plan, DataInput in) throws IOException;
}
