package dev.aimon.ingest;

import java.time.Duration;

/**
 * The service cannot take the request now without buffering without bound: 429 when too many events are in flight
 * to the broker (nothing of the request was taken), 503 when the broker does not acknowledge in time (part of it may
 * have reached the broker: a retry's events that did are answered as duplicates). The client retries after
 * {@code retryAfter}.
 */
public class Overloaded extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public Overloaded(int status, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
