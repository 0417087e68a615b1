package dev.aimon.stats.window;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A tumbling window of a fixed number of events over some state: each event updates the state; the event that fills
 * the window closes it and a fresh state begins. The window's start and end are the event times of its first and
 * last events, so a replay of the same events gives the same windows; their sequence numbers tell apart windows
 * whose events share one timestamp.
 *
 * @param <S> the window's state: counts or sketches, never the events themselves
 */
public final class CountWindow<S> {

    private final int size;
    private final Supplier<S> fresh;
    private S state;
    private long events;
    private long sequence;
    private Instant start;
    private Instant end;

    private CountWindow(int size, Supplier<S> fresh) {
        if (size < 1) {
            throw new IllegalArgumentException("a count window holds at least 1 event, got " + size);
        }
        this.size = size;
        this.fresh = fresh;
        this.state = fresh.get();
    }

    /** Tumbling windows of {@code size} events over states made by {@code fresh}. */
    public static <S> CountWindow<S> tumbling(int size, Supplier<S> fresh) {
        return new CountWindow<>(size, fresh);
    }

    /** Adds one event at {@code eventTime}; returns the window it closed, if it closed one. */
    public Optional<Closed<S>> add(Instant eventTime, Consumer<S> update) {
        if (start == null || eventTime.isBefore(start)) {
            start = eventTime;
        }
        if (end == null || eventTime.isAfter(end)) {
            end = eventTime;
        }
        update.accept(state);
        events++;
        return events < size ? Optional.empty() : flush();
    }

    /** Closes the open window now, before it is full; empty when it holds no event. */
    public Optional<Closed<S>> flush() {
        if (events == 0) {
            return Optional.empty();
        }
        Closed<S> closed = new Closed<>(sequence++, start, end, events, state);
        state = fresh.get();
        events = 0;
        start = null;
        end = null;
        return Optional.of(closed);
    }

    /** The events in the open window. */
    public long openEvents() {
        return events;
    }

    /**
     * A closed window.
     *
     * @param sequence 0 for the first window closed, then one more for each
     * @param start the earliest event time in it
     * @param end the latest event time in it
     * @param events how many events it holds
     * @param state the state they built
     */
    public record Closed<S>(long sequence, Instant start, Instant end, long events, S state) {}
}
