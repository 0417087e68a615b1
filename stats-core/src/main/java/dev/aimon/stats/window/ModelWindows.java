package dev.aimon.stats.window;

import dev.aimon.events.EventJson;
import dev.aimon.events.LabelEvent;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.Outcomes;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The monitoring plans of the models one consumer sees, each model's open windows, the closed windows that late labels
 * may still change, and the predictions that wait for a label.
 *
 * <p>Windows are tumbling, per model, either by count ({@code {"events": N}}: a window closes with its N-th event) or by
 * event time ({@code {"duration": "PT15M", "allowedLateness": "PT2M"}}: windows are aligned to the epoch, an event
 * goes to the window its timestamp falls in, and a window closes once the model's watermark, its latest event time,
 * has passed the window's end by the allowed lateness; an event for a window that has closed is late and is not
 * counted). A replay of the same events gives the same windows. Times are kept in epoch milliseconds.
 *
 * <p>Labels ({@link LabelEvent}) are joined to earlier predictions by event id. A prediction that came without a label
 * is remembered in {@link PendingLabels} (its window, whether it was favourable, its score and attributes, not its
 * features) while its window is open or retained; a closed window is retained for {@link Limits#labelLateness()} of
 * event time after its end, so that a late label can still change it, after which the label finds nothing. A changed
 * closed window is handed out again by {@link #revisions(String)} with its revision number one higher.
 *
 * <p>A window belongs to one plan version: when a newer plan arrives, the model's next event starts afresh under it
 * (the old plan's windows are dropped, since its metrics and bounds no longer apply).
 *
 * <p>Plans may be updated from one thread while events are added from another; events and labels must be added from
 * one thread (or under one lock).
 *
 * @param <S> a window's state: counts or samples, made by its {@link StateType} for the plan in force
 */
public final class ModelWindows<S> {

    /** The format of a model's encoded windows ({@link #write}); a reader reads this and every earlier format. */
    static final int FORMAT = 1;

    private final StateType<S> type;
    private final Limits limits;
    private final Map<String, Planned> plans = new ConcurrentHashMap<>();
    private final Map<String, Model<S>> models = new HashMap<>();

    public ModelWindows(StateType<S> type, Limits limits) {
        this.type = type;
        this.limits = limits;
    }

    /**
     * What the windows keep for late labels.
     *
     * @param maxPendingLabels predictions remembered per model while they wait for a label; the oldest go first; 0
     *     turns the label join off
     * @param labelLateness how long, in event time after its end, a closed window still takes labels
     * @param maxRetainedWindows closed windows retained per model, whatever their age
     */
    public record Limits(int maxPendingLabels, Duration labelLateness, int maxRetainedWindows) {

        /** No label join: windows close for good. */
        public static final Limits NO_LABEL_JOIN = new Limits(0, Duration.ZERO, 0);
    }

    /** What became of a label. */
    public enum LabelMatch {
        /** Its prediction is in a window that is still open. */
        OPEN_WINDOW,
        /** Its prediction is in a closed window, which is now revised. */
        CLOSED_WINDOW,
        /** No prediction waits for it: unknown, labelled already, or older than the label lateness. */
        UNMATCHED
    }

    /**
     * What adding an event did.
     *
     * @param counted false when the event was late for its (closed) time window and was not counted
     * @param closed the windows it closed, oldest first
     */
    public record Added<S>(boolean counted, List<Closed<S>> closed) {}

    /** A plan and the layout of what the state reads under it. */
    private record Planned(MonitoringPlanEvent plan, Layout layout) {}

    /** Takes a plan version; an older version than the one held is ignored (a replay of the compacted topic). */
    public void plan(MonitoringPlanEvent plan) {
        plans.merge(
                plan.modelId(),
                new Planned(plan, type.layout(plan)),
                (held, offered) -> offered.plan().planVersion() >= held.plan().planVersion() ? offered : held);
    }

    /** Forgets a model whose plan was deleted, with its windows. */
    public void deletePlan(String modelId) {
        plans.remove(modelId);
        models.remove(modelId);
    }

    /** The plan in force for a model. */
    public Optional<MonitoringPlanEvent> plan(String modelId) {
        Planned p = plans.get(modelId);
        return p == null ? Optional.empty() : Optional.of(p.plan());
    }

    /** The layout of the plan in force for a model, or null when it has none. */
    public Layout layout(String modelId) {
        Planned p = plans.get(modelId);
        return p == null ? null : p.layout();
    }

    /**
     * Adds one observation to its model's window; appends the windows it closed, oldest first, to {@code closed}.
     * The observation must be of the layout {@link #layout} gives for its model.
     *
     * @return false when the event was late for its (closed) time window and was not counted
     * @throws IllegalStateException when the model has no plan
     */
    public boolean add(Observation o, List<Closed<S>> closed) {
        Planned planned = plans.get(o.modelId());
        if (planned == null) {
            models.remove(o.modelId());
            throw new IllegalStateException("model '" + o.modelId() + "' has no monitoring plan");
        }
        if (o.layout() != planned.layout()) {
            throw new IllegalArgumentException(
                    "the observation of model '" + o.modelId() + "' was not read with the layout of plan version "
                            + planned.plan().planVersion());
        }
        Model<S> model = models.get(o.modelId());
        if (model == null || model.plan.planVersion() != planned.plan().planVersion()) {
            model = new Model<>(planned.plan(), planned.layout());
            models.put(o.modelId(), model);
        }
        return model.add(o, type, limits, closed);
    }

    /** Adds a deserialised event (a test's, or a batch's); the same as {@link #add(Observation, List)}. */
    public Added<S> add(PredictionEvent event) {
        Layout layout = layout(event.modelId());
        if (layout == null) {
            throw new IllegalStateException("model '" + event.modelId() + "' has no monitoring plan");
        }
        List<Closed<S>> closed = new ArrayList<>();
        boolean counted = add(layout.fill(event, layout.observation()), closed);
        return new Added<>(counted, closed);
    }

    /** Joins a label to the prediction it belongs to. */
    public LabelMatch label(String modelId, String eventId, Object label) {
        Model<S> model = models.get(modelId);
        return model == null || label == null || eventId == null
                ? LabelMatch.UNMATCHED
                : model.label(eventId, label, type);
    }

    /** Joins a deserialised label to the prediction it belongs to. */
    public LabelMatch label(LabelEvent label) {
        return label(label.modelId(), label.eventId(), label.label());
    }

    /**
     * The closed windows of a model that labels changed since they were last handed out, each with its next revision
     * number and a copy of its state, oldest first; a window handed out here is not handed out again until another
     * label changes it.
     */
    public List<Closed<S>> revisions(String modelId) {
        Model<S> model = models.get(modelId);
        return model == null ? List.of() : model.revisions(type);
    }

    /** Closes a model's open windows now, before they are full or due (the end of a batch). */
    public List<Closed<S>> flush(String modelId) {
        Model<S> model = models.get(modelId);
        if (model == null) {
            return List.of();
        }
        List<Closed<S>> closed = new ArrayList<>();
        model.flush(type, limits, closed);
        return closed;
    }

    /**
     * Changes the state that a model still retains of a closed window, when it does: what an evaluation found that
     * the retained window should keep (drift lets its samples go once their results are known).
     */
    public void retained(String modelId, int planVersion, long key, Consumer<S> change) {
        Model<S> model = models.get(modelId);
        if (model != null && model.plan.planVersion() == planVersion) {
            Window<S> w = model.retained.get(key);
            if (w != null) {
                change.accept(w.state);
            }
        }
    }

    /** The models that hold windows. */
    public Set<String> models() {
        return Set.copyOf(models.keySet());
    }

    /** The predictions of a model that wait for a label. */
    public int pendingLabels(String modelId) {
        Model<S> model = models.get(modelId);
        return model == null ? 0 : model.pending.size();
    }

    /** The newest event time of a model, if it had an event under its plan. */
    public Optional<Instant> watermark(String modelId) {
        Model<S> model = models.get(modelId);
        return model == null || model.watermark == Long.MIN_VALUE
                ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(model.watermark));
    }

    /**
     * Writes everything held for these models (plan, open and retained windows, waiting predictions), in a versioned
     * binary form that {@link #read} puts back after a restart.
     */
    public void write(Collection<String> modelIds, DataOutput out) throws IOException {
        List<Model<S>> held = new ArrayList<>();
        for (String id : new LinkedHashSet<>(modelIds)) {
            Model<S> model = models.get(id);
            if (model != null) {
                held.add(model);
            }
        }
        out.writeByte(FORMAT);
        out.writeInt(held.size());
        for (Model<S> model : held) {
            model.write(out, type);
        }
    }

    /**
     * Puts back what {@link #write} wrote, replacing what is held for those models; returns the models read.
     *
     * @throws IOException when the input is not windows of a format this version reads
     */
    public Set<String> read(DataInput in) throws IOException {
        Binary.expect(in, FORMAT, "model windows, format " + FORMAT);
        int n = Binary.length(in.readInt());
        Map<String, Model<S>> read = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Model<S> model = Model.read(in, type);
            read.put(model.plan.modelId(), model);
        }
        models.putAll(read);
        return read.keySet();
    }

    /** Forgets the windows of these models (another instance now consumes them). */
    public void forget(Collection<String> modelIds) {
        modelIds.forEach(models::remove);
    }

    /**
     * Cuts a batch of one model's events into the windows its plan defines, as the stream would, and closes the last,
     * partial windows too. For evaluating a batch offline with the same maths as the stream.
     */
    public static <S> List<Closed<S>> batch(MonitoringPlanEvent plan, List<PredictionEvent> events, StateType<S> type) {
        ModelWindows<S> windows = new ModelWindows<>(type, Limits.NO_LABEL_JOIN);
        windows.plan(plan);
        Layout layout = windows.layout(plan.modelId());
        Observation o = layout.observation();
        List<Closed<S>> closed = new ArrayList<>();
        for (PredictionEvent event : events) {
            windows.add(layout.fill(event, o), closed);
        }
        closed.addAll(windows.flush(plan.modelId()));
        return closed;
    }

    /**
     * A closed window of one model.
     *
     * @param plan the plan version it was computed under
     * @param modelVersion the model version of its last event that named one
     * @param window its bounds, size and labels
     * @param state what its events built: a copy when the window is retained for late labels
     * @param revision 0 when it first closes, one more each time late labels change it
     * @param key the window's key within its model and plan version (its sequence, or its time slot)
     */
    public record Closed<S>(
            MonitoringPlanEvent plan, String modelVersion, WindowSummary window, S state, int revision, long key) {}

    /** One window's state and bookkeeping. */
    private static final class Window<S> {
        final long key;
        final boolean counted;
        final S state;
        long start;
        long end;
        long events;
        long labelled;
        String modelVersion;
        int revision;
        long labelsSinceReport;

        Window(long key, boolean counted, S state, long start, long end) {
            this.key = key;
            this.counted = counted;
            this.state = state;
            this.start = start;
            this.end = end;
        }

        Closed<S> closed(MonitoringPlanEvent plan, S state) {
            WindowSummary summary = new WindowSummary(
                    Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), events, labelled, counted ? key : null);
            return new Closed<>(plan, modelVersion, summary, state, revision, key);
        }

        void write(DataOutput out, StateType<S> type) throws IOException {
            out.writeLong(key);
            out.writeBoolean(counted);
            out.writeLong(start);
            out.writeLong(end);
            out.writeLong(events);
            out.writeLong(labelled);
            Binary.writeString(out, modelVersion);
            out.writeInt(revision);
            out.writeLong(labelsSinceReport);
            type.write(state, out);
        }

        static <S> Window<S> read(DataInput in, StateType<S> type, MonitoringPlanEvent plan) throws IOException {
            long key = in.readLong();
            boolean counted = in.readBoolean();
            long start = in.readLong();
            long end = in.readLong();
            long events = in.readLong();
            long labelled = in.readLong();
            String modelVersion = Binary.readString(in);
            int revision = in.readInt();
            long labelsSinceReport = in.readLong();
            Window<S> w = new Window<>(key, counted, type.read(plan, in), start, end);
            w.events = events;
            w.labelled = labelled;
            w.modelVersion = modelVersion;
            w.revision = revision;
            w.labelsSinceReport = labelsSinceReport;
            return w;
        }
    }

    /** A model's windows under one plan version. */
    private static final class Model<S> {
        final MonitoringPlanEvent plan;
        final Layout layout;
        final Object favourable;
        final Integer size;
        final long durationMillis;
        final long allowedLatenessMillis;
        final TreeMap<Long, Window<S>> open = new TreeMap<>();
        final TreeMap<Long, Window<S>> retained = new TreeMap<>();
        final PendingLabels pending;
        final List<Window<S>> expiredRevised = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        long nextSequence;
        long closedBelow = Long.MIN_VALUE;
        /** The open count window, or null: the common case needs no tree lookup. */
        Window<S> current;

        Model(MonitoringPlanEvent plan, Layout layout) {
            this(plan, layout, new PendingLabels(layout.attributes()));
        }

        Model(MonitoringPlanEvent plan, Layout layout, PendingLabels pending) {
            MonitoringPlan.Window window = plan.plan().window();
            this.plan = plan;
            this.layout = layout;
            this.favourable = plan.plan().favorableOutcome();
            this.pending = pending;
            this.size = window.events();
            this.durationMillis =
                    window.duration() == null ? 0 : window.duration().toMillis();
            this.allowedLatenessMillis = window.allowedLateness() == null
                    ? 0
                    : window.allowedLateness().toMillis();
            if (size == null && durationMillis <= 0) {
                throw new IllegalStateException(
                        "model '" + plan.modelId() + "': the plan's window has neither events nor a duration");
            }
        }

        boolean add(Observation o, StateType<S> type, Limits limits, List<Closed<S>> closed) {
            long t = o.time();
            if (t > watermark) {
                watermark = t;
            }
            Window<S> window;
            if (size != null) {
                window = current;
                if (window == null) {
                    window = open(nextSequence++, true, type, t, t);
                    current = window;
                }
                window.start = Math.min(window.start, t);
                window.end = Math.max(window.end, t);
            } else {
                long key = Math.floorDiv(t, durationMillis);
                if (key < closedBelow) {
                    close(type, limits, closed);
                    return false;
                }
                window = open.get(key);
                if (window == null) {
                    window = open(key, false, type, key * durationMillis, (key + 1) * durationMillis);
                }
            }
            type.add(window.state, o);
            window.events++;
            if (o.modelVersion() != null) {
                window.modelVersion = o.modelVersion();
            }
            if (o.label() != null) {
                window.labelled++;
            } else if (limits.maxPendingLabels() > 0 && o.eventId() != null) {
                pending.put(o.eventId(), window.key, Outcomes.same(o.prediction(), favourable), o.score(), o);
            }
            if (size == null || window.events >= size) {
                close(type, limits, closed);
            } else if (pending.size() > limits.maxPendingLabels()) {
                expire(limits);
            }
            return true;
        }

        private Window<S> open(long key, boolean counted, StateType<S> type, long start, long end) {
            Window<S> window = new Window<>(key, counted, type.fresh(plan), start, end);
            open.put(key, window);
            return window;
        }

        /** Closes the windows that are full or past the watermark, and lets go of what late labels can't reach. */
        private void close(StateType<S> type, Limits limits, List<Closed<S>> closed) {
            Iterator<Window<S>> it = open.values().iterator();
            while (it.hasNext()) {
                Window<S> w = it.next();
                boolean due = size != null ? w.events >= size : w.end + allowedLatenessMillis <= watermark;
                if (!due) {
                    break;
                }
                it.remove();
                closed.add(retire(w, type, limits));
            }
            expire(limits);
        }

        void flush(StateType<S> type, Limits limits, List<Closed<S>> closed) {
            for (Window<S> w : open.values()) {
                closed.add(retire(w, type, limits));
            }
            open.clear();
            expire(limits);
        }

        private Closed<S> retire(Window<S> w, StateType<S> type, Limits limits) {
            if (w == current) {
                current = null;
            }
            if (size == null) {
                closedBelow = Math.max(closedBelow, w.key + 1);
            }
            if (limits.maxRetainedWindows() > 0) {
                retained.put(w.key, w);
                return w.closed(plan, type.copy(w.state));
            }
            return w.closed(plan, w.state);
        }

        private void expire(Limits limits) {
            long horizon = watermark - limits.labelLateness().toMillis();
            Iterator<Window<S>> it = retained.values().iterator();
            while (it.hasNext()) {
                Window<S> w = it.next();
                if (w.end >= horizon && retained.size() <= limits.maxRetainedWindows()) {
                    break;
                }
                it.remove();
                if (w.labelsSinceReport > 0) {
                    expiredRevised.add(w);
                }
            }
            pending.expire(limits.maxPendingLabels(), k -> open.containsKey(k) || retained.containsKey(k));
        }

        LabelMatch label(String eventId, Object label, StateType<S> type) {
            PendingLabels.Pending prediction = pending.remove(eventId);
            if (prediction == null) {
                return LabelMatch.UNMATCHED;
            }
            Window<S> window = open.get(prediction.window());
            if (window != null) {
                type.label(window.state, prediction, label);
                window.labelled++;
                return LabelMatch.OPEN_WINDOW;
            }
            window = retained.get(prediction.window());
            if (window == null) {
                return LabelMatch.UNMATCHED;
            }
            type.label(window.state, prediction, label);
            window.labelled++;
            window.labelsSinceReport++;
            return LabelMatch.CLOSED_WINDOW;
        }

        List<Closed<S>> revisions(StateType<S> type) {
            List<Window<S>> changed = new ArrayList<>(expiredRevised);
            expiredRevised.clear();
            retained.values().stream().filter(w -> w.labelsSinceReport > 0).forEach(changed::add);
            List<Closed<S>> revised = new ArrayList<>();
            for (Window<S> w : changed) {
                w.revision++;
                w.labelsSinceReport = 0;
                revised.add(w.closed(plan, type.copy(w.state)));
            }
            return revised;
        }

        void write(DataOutput out, StateType<S> type) throws IOException {
            Binary.writeBytes(out, EventJson.mapper().writeValueAsBytes(plan));
            out.writeLong(watermark);
            out.writeLong(nextSequence);
            out.writeLong(closedBelow);
            for (Collection<Window<S>> windows : List.of(open.values(), retained.values(), expiredRevised)) {
                out.writeInt(windows.size());
                for (Window<S> w : windows) {
                    w.write(out, type);
                }
            }
            pending.writeTo(out);
        }

        static <S> Model<S> read(DataInput in, StateType<S> type) throws IOException {
            MonitoringPlanEvent plan = EventJson.mapper().readValue(Binary.readBytes(in), MonitoringPlanEvent.class);
            long watermark = in.readLong();
            long nextSequence = in.readLong();
            long closedBelow = in.readLong();
            List<List<Window<S>>> sections = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                int n = Binary.length(in.readInt());
                List<Window<S>> windows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    windows.add(Window.read(in, type, plan));
                }
                sections.add(windows);
            }
            Model<S> model = new Model<>(plan, type.layout(plan), PendingLabels.readFrom(in));
            model.watermark = watermark;
            model.nextSequence = nextSequence;
            model.closedBelow = closedBelow;
            sections.get(0).forEach(w -> model.open.put(w.key, w));
            sections.get(1).forEach(w -> model.retained.put(w.key, w));
            model.expiredRevised.addAll(sections.get(2));
            if (model.size != null && !model.open.isEmpty()) {
                model.current = model.open.firstEntry().getValue();
            }
            return model;
        }
    }
}
