package dev.aimon.stats.window;

import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The monitoring plans of the models one consumer sees, and each model's open window. A window belongs to one plan
 * version: when a newer plan arrives, the model's next event starts a fresh window under it (the partial window of
 * the old plan is dropped, since its metrics and bounds no longer apply).
 *
 * <p>Plans may be updated from one thread while events are added from another; events must be added from one thread.
 *
 * @param <S> a window's state: counts or sketches, made by {@code fresh} for the plan in force
 */
public final class ModelWindows<S> {

    private final Function<MonitoringPlanEvent, S> fresh;
    private final Map<String, MonitoringPlanEvent> plans = new ConcurrentHashMap<>();
    private final Map<String, Open<S>> open = new HashMap<>();

    public ModelWindows(Function<MonitoringPlanEvent, S> fresh) {
        this.fresh = fresh;
    }

    /** Takes a plan version; an older version than the one held is ignored (a replay of the compacted topic). */
    public void plan(MonitoringPlanEvent plan) {
        plans.merge(
                plan.modelId(), plan, (held, offered) -> offered.planVersion() >= held.planVersion() ? offered : held);
    }

    /** Forgets a model whose plan was deleted. */
    public void deletePlan(String modelId) {
        plans.remove(modelId);
    }

    /** The plan in force for a model. */
    public Optional<MonitoringPlanEvent> plan(String modelId) {
        return Optional.ofNullable(plans.get(modelId));
    }

    /**
     * Adds one event to its model's open window and returns the window it closed, if any.
     *
     * @throws IllegalStateException when the model has no plan, or its plan's window is not a count window
     */
    public Optional<Closed<S>> add(PredictionEvent event, BiConsumer<S, PredictionEvent> update) {
        MonitoringPlanEvent plan = plans.get(event.modelId());
        if (plan == null) {
            open.remove(event.modelId());
            throw new IllegalStateException("model '" + event.modelId() + "' has no monitoring plan");
        }
        Open<S> window = open.get(event.modelId());
        if (window == null || window.plan.planVersion() != plan.planVersion()) {
            Integer size = plan.plan().window().events();
            if (size == null) {
                throw new IllegalStateException(
                        "model '" + event.modelId() + "': only count windows are supported yet");
            }
            window = new Open<>(plan, CountWindow.tumbling(size, () -> fresh.apply(plan)));
            open.put(event.modelId(), window);
        }
        if (event.modelVersion() != null) {
            window.modelVersion = event.modelVersion();
        }
        return window.close(window.window.add(event.timestamp(), s -> update.accept(s, event)));
    }

    /** Closes a model's open window before it is full (the end of a batch); empty when it holds no event. */
    public Optional<Closed<S>> flush(String modelId) {
        Open<S> window = open.get(modelId);
        return window == null ? Optional.empty() : window.close(window.window.flush());
    }

    /**
     * Cuts a batch of one model's events into the windows its plan defines, as the stream would, and closes the last,
     * partial window too. For evaluating a batch offline with the same maths as the stream.
     */
    public static <S> List<Closed<S>> batch(
            MonitoringPlanEvent plan,
            List<PredictionEvent> events,
            Function<MonitoringPlanEvent, S> fresh,
            BiConsumer<S, PredictionEvent> update) {
        ModelWindows<S> windows = new ModelWindows<>(fresh);
        windows.plan(plan);
        List<Closed<S>> closed = new ArrayList<>();
        for (PredictionEvent event : events) {
            windows.add(event, update).ifPresent(closed::add);
        }
        windows.flush(plan.modelId()).ifPresent(closed::add);
        return closed;
    }

    private static final class Open<S> {
        final MonitoringPlanEvent plan;
        final CountWindow<S> window;
        String modelVersion;

        Open(MonitoringPlanEvent plan, CountWindow<S> window) {
            this.plan = plan;
            this.window = window;
        }

        Optional<Closed<S>> close(Optional<CountWindow.Closed<S>> closed) {
            return closed.map(c -> new Closed<>(
                    plan,
                    modelVersion,
                    new WindowSummary(c.start(), c.end(), c.events(), null, c.sequence()),
                    c.state()));
        }
    }

    /**
     * A closed window of one model.
     *
     * @param plan the plan version it was computed under
     * @param modelVersion the model version of its last event that named one
     * @param window its bounds and size
     * @param state what its events built
     */
    public record Closed<S>(MonitoringPlanEvent plan, String modelVersion, WindowSummary window, S state) {}
}
