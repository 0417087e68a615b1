package dev.aimon.stats.window;

import dev.aimon.events.LabelEvent;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowSummary;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The monitoring plans of the models one consumer sees, each model's open windows, the closed windows that late labels
 * may still change, and the predictions that wait for a label.
 *
 * <p>Windows are tumbling, per model, either by count ({@code {"events": N}}: a window closes with its N-th event) or by
 * event time ({@code {"duration": "PT15M", "allowedLateness": "PT2M"}}: windows are aligned to the epoch, an event
 * goes to the window its timestamp falls in, and a window closes once the model's watermark, its latest event time,
 * has passed the window's end by the allowed lateness; an event for a window that has closed is late and is not
 * counted). A replay of the same events gives the same windows.
 *
 * <p>Labels ({@link LabelEvent}) are joined to earlier predictions by event id. A prediction that came without a label
 * is remembered (its attributes, prediction and score, not its features) while its window is open or retained; a
 * closed window is retained for {@link Limits#labelLateness()} of event time after its end, so that a late label can
 * still change it, after which the label finds nothing. A changed closed window is handed out again by {@link
 * #revisions(String)} with its revision number one higher.
 *
 * <p>A window belongs to one plan version: when a newer plan arrives, the model's next event starts afresh under it
 * (the old plan's windows are dropped, since its metrics and bounds no longer apply).
 *
 * <p>Plans may be updated from one thread while events are added from another; events and labels must be added from
 * one thread.
 *
 * @param <S> a window's state: counts or sketches, made by {@code fresh} for the plan in force
 */
public final class ModelWindows<S extends Serializable> {

    private final Function<MonitoringPlanEvent, S> fresh;
    private final Limits limits;
    private final Map<String, MonitoringPlanEvent> plans = new ConcurrentHashMap<>();
    private final Map<String, Model<S>> models = new HashMap<>();

    public ModelWindows(Function<MonitoringPlanEvent, S> fresh, Limits limits) {
        this.fresh = fresh;
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

    /**
     * What a label adds to a window's state.
     *
     * @param <S> the window state
     */
    @FunctionalInterface
    public interface Labeller<S> {
        void label(S state, Unlabelled prediction, Object label);
    }

    /**
     * A prediction that waits for its label: what a window's state needs of it.
     *
     * @param window the key of the window that counted it
     * @param attributes its protected and segment attributes
     * @param prediction the model's output
     * @param score the model's score, if any
     */
    public record Unlabelled(long window, Map<String, String> attributes, Object prediction, Double score)
            implements Serializable {}

    /** Takes a plan version; an older version than the one held is ignored (a replay of the compacted topic). */
    public void plan(MonitoringPlanEvent plan) {
        plans.merge(
                plan.modelId(), plan, (held, offered) -> offered.planVersion() >= held.planVersion() ? offered : held);
    }

    /** Forgets a model whose plan was deleted, with its windows. */
    public void deletePlan(String modelId) {
        plans.remove(modelId);
        models.remove(modelId);
    }

    /** The plan in force for a model. */
    public Optional<MonitoringPlanEvent> plan(String modelId) {
        return Optional.ofNullable(plans.get(modelId));
    }

    /**
     * Adds one event to its model's window and returns what it closed.
     *
     * @throws IllegalStateException when the model has no plan
     */
    public Added<S> add(PredictionEvent event, BiConsumer<S, PredictionEvent> update) {
        MonitoringPlanEvent plan = plans.get(event.modelId());
        if (plan == null) {
            models.remove(event.modelId());
            throw new IllegalStateException("model '" + event.modelId() + "' has no monitoring plan");
        }
        Model<S> model = models.get(event.modelId());
        if (model == null || model.plan.planVersion() != plan.planVersion()) {
            model = new Model<>(plan);
            models.put(event.modelId(), model);
        }
        return model.add(event, update, fresh, limits);
    }

    /** Joins a label to the prediction it belongs to. */
    public LabelMatch label(LabelEvent label, Labeller<S> labeller) {
        Model<S> model = models.get(label.modelId());
        return model == null || label.label() == null ? LabelMatch.UNMATCHED : model.label(label, labeller);
    }

    /**
     * The closed windows of a model that labels changed since they were last handed out, each with its next revision
     * number, oldest first; a window handed out here is not handed out again until another label changes it.
     */
    public List<Closed<S>> revisions(String modelId) {
        Model<S> model = models.get(modelId);
        return model == null ? List.of() : model.revisions();
    }

    /** Closes a model's open windows now, before they are full or due (the end of a batch). */
    public List<Closed<S>> flush(String modelId) {
        Model<S> model = models.get(modelId);
        return model == null ? List.of() : model.flush(limits);
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

    /** Everything held for these models, to be restored by {@link #restore(Map)} after a restart. */
    public Map<String, Serializable> snapshot(Collection<String> modelIds) {
        Map<String, Serializable> snapshot = new HashMap<>();
        for (String id : modelIds) {
            Model<S> model = models.get(id);
            if (model != null) {
                snapshot.put(id, model);
            }
        }
        return snapshot;
    }

    /**
     * Puts back what {@link #snapshot(Collection)} took, replacing what is held for those models.
     *
     * @throws ClassCastException when the snapshot is not one of these windows
     */
    @SuppressWarnings("unchecked")
    public void restore(Map<String, Serializable> snapshot) {
        snapshot.forEach((id, model) -> models.put(id, (Model<S>) model));
    }

    /** Forgets the windows of these models (another instance now consumes them). */
    public void forget(Collection<String> modelIds) {
        modelIds.forEach(models::remove);
    }

    /**
     * Cuts a batch of one model's events into the windows its plan defines, as the stream would, and closes the last,
     * partial windows too. For evaluating a batch offline with the same maths as the stream.
     */
    public static <S extends Serializable> List<Closed<S>> batch(
            MonitoringPlanEvent plan,
            List<PredictionEvent> events,
            Function<MonitoringPlanEvent, S> fresh,
            BiConsumer<S, PredictionEvent> update) {
        ModelWindows<S> windows = new ModelWindows<>(fresh, Limits.NO_LABEL_JOIN);
        windows.plan(plan);
        List<Closed<S>> closed = new ArrayList<>();
        for (PredictionEvent event : events) {
            closed.addAll(windows.add(event, update).closed());
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
     * @param state what its events built
     * @param revision 0 when it first closes, one more each time late labels change it
     */
    public record Closed<S>(
            MonitoringPlanEvent plan, String modelVersion, WindowSummary window, S state, int revision) {}

    /** One window's state and bookkeeping. */
    private static final class Window<S> implements Serializable {
        private static final long serialVersionUID = 1L;

        final long key;
        final boolean counted;
        final S state;
        Instant start;
        Instant end;
        long events;
        long labelled;
        String modelVersion;
        int revision;
        long labelsSinceReport;

        Window(long key, boolean counted, S state, Instant start, Instant end) {
            this.key = key;
            this.counted = counted;
            this.state = state;
            this.start = start;
            this.end = end;
        }

        Closed<S> closed(MonitoringPlanEvent plan) {
            WindowSummary summary = new WindowSummary(start, end, events, labelled, counted ? key : null);
            return new Closed<>(plan, modelVersion, summary, state, revision);
        }
    }

    /** A model's windows under one plan version. */
    private static final class Model<S extends Serializable> implements Serializable {
        private static final long serialVersionUID = 1L;

        final MonitoringPlanEvent plan;
        final Integer size;
        final long durationMillis;
        final long allowedLatenessMillis;
        final TreeMap<Long, Window<S>> open = new TreeMap<>();
        final TreeMap<Long, Window<S>> retained = new TreeMap<>();
        final LinkedHashMap<String, Unlabelled> pending = new LinkedHashMap<>();
        final List<Window<S>> expiredRevised = new ArrayList<>();
        Instant watermark;
        long nextSequence;
        long closedBelow = Long.MIN_VALUE;

        Model(MonitoringPlanEvent plan) {
            MonitoringPlan.Window window = plan.plan().window();
            this.plan = plan;
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

        Added<S> add(
                PredictionEvent event,
                BiConsumer<S, PredictionEvent> update,
                Function<MonitoringPlanEvent, S> fresh,
                Limits limits) {
            Instant t = event.timestamp();
            if (watermark == null || t.isAfter(watermark)) {
                watermark = t;
            }
            Window<S> window;
            if (size != null) {
                window = open.isEmpty()
                        ? open(nextSequence++, true, fresh, t, t)
                        : open.firstEntry().getValue();
            } else {
                long key = Math.floorDiv(t.toEpochMilli(), durationMillis);
                if (key < closedBelow) {
                    return new Added<>(false, close(limits));
                }
                window = open.get(key);
                if (window == null) {
                    window = open(
                            key,
                            false,
                            fresh,
                            Instant.ofEpochMilli(key * durationMillis),
                            Instant.ofEpochMilli((key + 1) * durationMillis));
                }
            }
            if (size != null) {
                window.start = t.isBefore(window.start) ? t : window.start;
                window.end = t.isAfter(window.end) ? t : window.end;
            }
            update.accept(window.state, event);
            window.events++;
            if (event.modelVersion() != null) {
                window.modelVersion = event.modelVersion();
            }
            if (event.label() != null) {
                window.labelled++;
            } else if (limits.maxPendingLabels() > 0) {
                pending.put(
                        event.eventId(),
                        new Unlabelled(window.key, event.attributes(), event.prediction(), event.score()));
            }
            return new Added<>(true, close(limits));
        }

        private Window<S> open(
                long key, boolean counted, Function<MonitoringPlanEvent, S> fresh, Instant s, Instant e) {
            Window<S> window = new Window<>(key, counted, fresh.apply(plan), s, e);
            open.put(key, window);
            return window;
        }

        /** Closes the windows that are full or past the watermark, and lets go of what late labels can't reach. */
        private List<Closed<S>> close(Limits limits) {
            List<Closed<S>> closed = new ArrayList<>();
            Iterator<Window<S>> it = open.values().iterator();
            while (it.hasNext()) {
                Window<S> w = it.next();
                boolean due = size != null
                        ? w.events >= size
                        : w.end.toEpochMilli() + allowedLatenessMillis <= watermark.toEpochMilli();
                if (!due) {
                    break;
                }
                it.remove();
                closed.add(retire(w, limits));
            }
            expire(limits);
            return closed;
        }

        List<Closed<S>> flush(Limits limits) {
            List<Closed<S>> closed = new ArrayList<>();
            for (Window<S> w : open.values()) {
                closed.add(retire(w, limits));
            }
            open.clear();
            expire(limits);
            return closed;
        }

        private Closed<S> retire(Window<S> w, Limits limits) {
            if (size == null) {
                closedBelow = Math.max(closedBelow, w.key + 1);
            }
            if (limits.maxRetainedWindows() > 0) {
                retained.put(w.key, w);
            }
            return w.closed(plan);
        }

        private void expire(Limits limits) {
            long horizon = watermark.toEpochMilli() - limits.labelLateness().toMillis();
            Iterator<Window<S>> it = retained.values().iterator();
            while (it.hasNext()) {
                Window<S> w = it.next();
                if (w.end.toEpochMilli() >= horizon && retained.size() <= limits.maxRetainedWindows()) {
                    break;
                }
                it.remove();
                if (w.labelsSinceReport > 0) {
                    expiredRevised.add(w);
                }
            }
            Iterator<Unlabelled> p = pending.values().iterator();
            while (p.hasNext()) {
                Unlabelled u = p.next();
                if (pending.size() <= limits.maxPendingLabels()
                        && (open.containsKey(u.window()) || retained.containsKey(u.window()))) {
                    break;
                }
                p.remove();
            }
        }

        LabelMatch label(LabelEvent label, Labeller<S> labeller) {
            Unlabelled prediction = pending.remove(label.eventId());
            if (prediction == null) {
                return LabelMatch.UNMATCHED;
            }
            Window<S> window = open.get(prediction.window());
            if (window != null) {
                labeller.label(window.state, prediction, label.label());
                window.labelled++;
                return LabelMatch.OPEN_WINDOW;
            }
            window = retained.get(prediction.window());
            if (window == null) {
                return LabelMatch.UNMATCHED;
            }
            labeller.label(window.state, prediction, label.label());
            window.labelled++;
            window.labelsSinceReport++;
            return LabelMatch.CLOSED_WINDOW;
        }

        List<Closed<S>> revisions() {
            List<Window<S>> changed = new ArrayList<>(expiredRevised);
            expiredRevised.clear();
            retained.values().stream().filter(w -> w.labelsSinceReport > 0).forEach(changed::add);
            List<Closed<S>> revised = new ArrayList<>();
            for (Window<S> w : changed) {
                w.revision++;
                w.labelsSinceReport = 0;
                revised.add(w.closed(plan));
            }
            return revised;
        }
    }
}
