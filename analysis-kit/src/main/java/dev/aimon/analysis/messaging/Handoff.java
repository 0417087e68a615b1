package dev.aimon.analysis.messaging;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The polls handed from the stream's polling thread to its processing thread, so that fetching and decompressing the
 * next poll runs beside the processing of this one (each was about half of one thread's time). At most {@code depth}
 * polls wait; the polling thread waits while that many do. {@link #drain()} waits until everything handed over has
 * been processed: a partition is checkpointed on revocation only after that.
 *
 * @param <T> a poll's records
 */
final class Handoff<T> {

    private final int depth;
    private final ArrayDeque<T> waiting;
    private long handed;
    private long done;
    private Throwable failure;

    Handoff(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("a handoff holds at least one poll");
        }
        this.depth = depth;
        this.waiting = new ArrayDeque<>(depth);
    }

    /**
     * Hands a poll over, waiting while {@code depth} polls wait; false if it could not within {@code millis} (the
     * caller tries again, so that it can notice a stop).
     */
    synchronized boolean offer(T poll, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (waiting.size() >= depth && failure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        failed();
        waiting.add(poll);
        handed++;
        notifyAll();
        return true;
    }

    /** The next poll to process, or null if none came within {@code millis}. */
    synchronized T take(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (waiting.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        T poll = waiting.poll();
        notifyAll();
        return poll;
    }

    /** The processing thread is done with the poll it took last. */
    synchronized void processed() {
        done++;
        notifyAll();
    }

    /** The processing thread stopped on {@code cause}: whoever waits on the handoff stops waiting, with it. */
    synchronized void fail(Throwable cause) {
        failure = cause;
        waiting.clear();
        notifyAll();
    }

    /** Waits until every poll handed over so far has been processed. */
    synchronized void drain() throws InterruptedException {
        while (done < handed && failure == null) {
            wait();
        }
        failed();
    }

    private void failed() {
        if (failure != null) {
            throw new IllegalStateException("the stream's processing stopped", failure);
        }
    }
}
