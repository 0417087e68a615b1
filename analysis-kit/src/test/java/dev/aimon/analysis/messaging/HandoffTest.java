package dev.aimon.analysis.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class HandoffTest {

    /** Drains on another thread; the future completes when the drain returns. */
    private static CompletableFuture<Void> drainLater(Handoff<String> handoff) {
        return CompletableFuture.runAsync(() -> {
            try {
                handoff.drain();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void handsPollsOverInOrderAndWaitsWhileItsDepthWait() throws Exception {
        Handoff<String> handoff = new Handoff<>(2);
        assertTrue(handoff.offer("a", 10));
        assertTrue(handoff.offer("b", 10));
        assertFalse(handoff.offer("c", 50), "a third poll waits while two do");
        assertEquals("a", handoff.take(10));
        assertTrue(handoff.offer("c", 10), "taking one makes room");
        assertEquals("b", handoff.take(10));
        assertEquals("c", handoff.take(10));
        assertNull(handoff.take(20), "nothing waits");
    }

    @Test
    void drainWaitsUntilEveryPollHandedOverIsProcessed() throws Exception {
        Handoff<String> handoff = new Handoff<>(2);
        handoff.offer("a", 10);
        handoff.offer("b", 10);
        CompletableFuture<Void> drained = drainLater(handoff);
        handoff.take(10);
        handoff.processed();
        handoff.take(10);
        assertThrows(
                TimeoutException.class,
                () -> drained.get(100, TimeUnit.MILLISECONDS),
                "a poll taken but not yet processed is not drained");
        handoff.processed();
        drained.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFailedProcessorReleasesWhoeverWaits() throws Exception {
        Handoff<String> handoff = new Handoff<>(1);
        handoff.offer("a", 10);
        CompletableFuture<Void> drained = drainLater(handoff);
        CompletableFuture<Boolean> offered = CompletableFuture.supplyAsync(() -> {
            try {
                return handoff.offer("b", 60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        handoff.fail(new IllegalArgumentException("bad state"));
        Exception d = assertThrows(Exception.class, () -> drained.get(5, TimeUnit.SECONDS));
        assertTrue(d.getCause() instanceof IllegalStateException, String.valueOf(d));
        Exception o = assertThrows(Exception.class, () -> offered.get(5, TimeUnit.SECONDS));
        assertTrue(o.getCause() instanceof IllegalStateException, String.valueOf(o));
        assertEquals("bad state", o.getCause().getCause().getMessage());
    }
}
