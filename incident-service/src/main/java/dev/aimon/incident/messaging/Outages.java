package dev.aimon.incident.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * How the consumers store what they receive: a database outage is waited out, however long it lasts (retries with
 * back-off up to every 10 s), so every record is stored once the database is back and its offset is committed only
 * then; the partition simply waits meanwhile. Only a failure that a retry cannot cure (the database refusing the data
 * itself: SQLSTATE classes 22, data exception, and 23, integrity constraint violation; or a record the code cannot
 * handle, which fails the same way every time) lets the record fail, and the channel's failure strategy dead-letters it
 * with the reason. PoisonIT found a record of JSON that was no breach stalling its partition here for ever.
 */
final class Outages {

    private static final Logger LOG = Logger.getLogger(Outages.class);

    private Outages() {}

    static Uni<Void> waitOut(Uni<Void> store) {
        return store.onFailure(Outages::isTransient)
                .invoke(e -> LOG.warnf("cannot store yet (%s): retrying until the database answers", e.toString()))
                .onFailure(Outages::isTransient)
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely();
    }

    /** Whether a retry may succeed: anything but the database refusing the data. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("22") || state.startsWith("23")) {
                    return false;
                }
            }
            // Data the code cannot handle fails the same way every time: dead-letter it rather than stall the
            // partition.
            if (t instanceof IllegalArgumentException
                    || t instanceof NullPointerException
                    || t instanceof ClassCastException) {
                return false;
            }
        }
        return true;
    }
}
