package dev.aimon.ingest.service;

/**
 * A bound on the events this instance has handed to the Kafka producer and not yet seen acknowledged: a batch that
 * would pass it is refused at once (429, retry later) rather than buffered without bound while the broker lags.
 */
public final class InFlight {

    private final long max;
    private long current;

    public InFlight(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("the in-flight bound must be at least 1, got " + max);
        }
        this.max = max;
    }

    /**
     * Takes room for {@code events}; false when they do not fit. A single batch larger than the bound fits only when
     * nothing else is in flight, so no batch waits forever.
     */
    public synchronized boolean tryAcquire(long events) {
        if (current > 0 && current + events > max) {
            return false;
        }
        current += events;
        return true;
    }

    /** Gives back room once the broker acknowledged (or refused) the events. */
    public synchronized void release(long events) {
        current = Math.max(0, current - events);
    }

    /** The events in flight now. */
    public synchronized long current() {
        return current;
    }
}
