package dev.aimon.analysis;

import dev.aimon.analysis.service.RecentReports;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.stats.window.Binary;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.ModelWindows;
import dev.aimon.stats.window.Observation;
import dev.aimon.stats.window.StateType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@link Analysis} over windows: the plans and windows of the models this instance consumes, and the recent
 * reports. A subclass gives the window state's {@link StateType} (how an event and a late label change it, how it is
 * copied and encoded) and how a closed window is evaluated. Make the subclass a {@code @Singleton} bean: it has no
 * no-argument constructor for a client proxy.
 *
 * <p>The stream consumer, the revision timer and the partition listener call it from different threads, so the
 * methods that touch windows hold its lock; each is short. Evaluations run outside the lock, on a copy of the window's
 * state.
 *
 * <p>A snapshot is a format byte ({@value #SNAPSHOT_FORMAT}), the windows ({@link ModelWindows#write}), then for each
 * model what the subclass keeps besides ({@link #writeExtra}), length-prefixed.
 *
 * @param <S> a window's state: counts or samples, never the events
 */
public abstract class WindowedAnalysis<S> implements Analysis {

    /** The format of {@link #snapshot}; a snapshot of Java serialisation (aimon 0.1) starts with 0xAC instead. */
    static final int SNAPSHOT_FORMAT = 2;

    private final String service;
    private final ModelWindows<S> windows;
    private final RecentReports reports;
    private final Duration planWait;
    private final List<ModelWindows.Closed<S>> closedScratch = new ArrayList<>();
    /** A checkpoint's encoding, and its models' extras, kept from one {@link #snapshot} to the next. */
    private final Buffer encoding = new Buffer();

    private final Buffer extras = new Buffer();

    protected WindowedAnalysis(
            String service, StateType<S> type, ModelWindows.Limits limits, RecentReports reports, Duration planWait) {
        this.service = service;
        this.windows = new ModelWindows<>(type, limits);
        this.reports = reports;
        this.planWait = planWait;
    }

    /** Evaluates a window of the stream when it closes, and again when late labels revise it; off the lock. */
    protected abstract WindowEvaluation evaluateWindow(ModelWindows.Closed<S> closed);

    /** Called under the lock when a window closes, before its evaluation: what must be decided in stream order. */
    protected void closed(ModelWindows.Closed<S> closed) {}

    /**
     * Called after a window's evaluation, off the lock: a subclass may change the window it retains for late labels
     * through {@link #retained}.
     */
    protected void evaluated(ModelWindows.Closed<S> closed, WindowEvaluation evaluation) {}

    /** Changes, under the lock, the state the windows retain of a closed window, if they still do. */
    protected final synchronized void retained(ModelWindows.Closed<S> closed, Consumer<S> change) {
        windows.retained(closed.plan().modelId(), closed.plan().planVersion(), closed.key(), change);
    }

    /**
     * Evaluations that are due by the clock rather than by an event (drift's monitoring gaps); called with the
     * revisions, under the same lock. None by default.
     */
    protected List<WindowEvaluation> due() {
        return List.of();
    }

    /** Forgets what the subclass keeps of a model besides its windows and reports. */
    protected void forgetModel(String modelId) {}

    /** Writes what the subclass keeps of a model besides its windows, for a checkpoint; false when nothing. */
    protected boolean writeExtra(String modelId, DataOutput out) throws IOException {
        return false;
    }

    /** Puts back what {@link #writeExtra} wrote. */
    protected void readExtra(String modelId, DataInput in) throws IOException {}

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

    /** The models that hold windows (they have had an event under their plan). */
    protected final synchronized Set<String> heldModels() {
        return windows.models();
    }

    /** The newest event time of a model under its plan, if it had one. */
    protected final synchronized Optional<Instant> lastEvent(String modelId) {
        return windows.watermark(modelId);
    }

    @Override
    public final boolean hasPlan(String modelId) {
        return windows.plan(modelId).isPresent();
    }

    @Override
    public final Layout layout(String modelId) {
        return windows.layout(modelId);
    }

    @Override
    public final synchronized boolean add(Observation event, List<Closing> closed) {
        closedScratch.clear();
        boolean counted = windows.add(event, closedScratch);
        reports.lastEvent(event.modelId(), event.time());
        if (!counted) {
            reports.lateEvent(event.modelId());
        }
        for (ModelWindows.Closed<S> c : closedScratch) {
            closed(c);
            closed.add(new Evaluating(c));
        }
        return counted;
    }

    @Override
    public final synchronized ModelWindows.LabelMatch label(String modelId, String eventId, Object label) {
        return windows.label(modelId, eventId, label);
    }

    @Override
    public final synchronized List<Closing> revisions() {
        List<Closing> revised = new ArrayList<>();
        for (String modelId : windows.models()) {
            for (ModelWindows.Closed<S> c : windows.revisions(modelId)) {
                revised.add(new Evaluating(c));
            }
        }
        // Not windows: published and counted, but neither gauges nor the windows endpoint show them.
        for (WindowEvaluation e : due()) {
            revised.add(new Closing() {
                @Override
                public String modelId() {
                    return e.report().modelId();
                }

                @Override
                public WindowEvaluation evaluate() {
                    reports.breaches(e.report().modelId(), e.breaches());
                    return e;
                }
            });
        }
        return revised;
    }

    /** A closed window on its way to its report. */
    private final class Evaluating implements Closing {
        private final ModelWindows.Closed<S> closed;

        Evaluating(ModelWindows.Closed<S> closed) {
            this.closed = closed;
        }

        @Override
        public String modelId() {
            return closed.plan().modelId();
        }

        @Override
        public WindowEvaluation evaluate() {
            WindowEvaluation evaluation = evaluateWindow(closed);
            reports.add(evaluation.report());
            reports.breaches(closed.plan().modelId(), evaluation.breaches());
            evaluated(closed, evaluation);
            return evaluation;
        }
    }

    @Override
    public final synchronized byte[] snapshot(Collection<String> modelIds) {
        // The two buffers are kept from one checkpoint to the next (snapshot is synchronized): grown at every doubling
        // for each checkpoint, they made three times a checkpoint's bytes of garbage in arrays too large for the young
        // generation (drift-service's checkpoints are megabytes), and full collections followed.
        encoding.reset();
        extras.reset();
        DataOutputStream out = new DataOutputStream(encoding);
        try {
            out.writeByte(SNAPSHOT_FORMAT);
            windows.write(modelIds, out);
            // Each model's extra as Binary.writeString(id), then its bytes length-prefixed as Binary.writeBytes
            // writes them, straight into the extras buffer: the length is filled in once the extra is written.
            int withExtra = 0;
            DataOutputStream extra = new DataOutputStream(extras);
            for (String id : modelIds) {
                int start = extras.size();
                Binary.writeString(extra, id);
                extra.writeInt(0);
                int from = extras.size();
                if (writeExtra(id, extra)) {
                    extras.setInt(from - Integer.BYTES, extras.size() - from);
                    withExtra++;
                } else {
                    extras.cut(start);
                }
            }
            out.writeInt(withExtra);
            extras.writeTo(encoding);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the window state", e);
        }
        return encoding.toByteArray();
    }

    /** A byte buffer kept between checkpoints, which can also drop what was written past a point or patch an int. */
    private static final class Buffer extends ByteArrayOutputStream {

        Buffer() {
            super(1 << 16);
        }

        /** Drops what was written from {@code size} on. */
        void cut(int size) {
            count = size;
        }

        /** Writes {@code value} over the four bytes at {@code at}, big-endian as {@link DataOutputStream} does. */
        void setInt(int at, int value) {
            buf[at] = (byte) (value >>> 24);
            buf[at + 1] = (byte) (value >>> 16);
            buf[at + 2] = (byte) (value >>> 8);
            buf[at + 3] = (byte) value;
        }
    }

    @Override
    public final synchronized Set<String> restore(byte[] snapshot) throws IOException {
        if (snapshot.length > 0 && (snapshot[0] & 0xff) == 0xAC) {
            throw new IOException("the checkpoint was written by aimon 0.1 (Java serialisation), which this version"
                    + " does not read");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
        Binary.expect(in, SNAPSHOT_FORMAT, "a window snapshot, format " + SNAPSHOT_FORMAT);
        Set<String> restored = windows.read(in);
        int n = Binary.length(in.readInt());
        for (int i = 0; i < n; i++) {
            String id = Binary.readString(in);
            byte[] extra = Binary.readBytes(in);
            readExtra(id, new DataInputStream(new ByteArrayInputStream(extra)));
        }
        return restored;
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
