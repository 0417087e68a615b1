package dev.aimon.incident.messaging;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * How the consumers store what they receive: a database outage is waited out (retries with back-off, about five
 * minutes in all) rather than the record dead-lettered; its offset is committed only once it is stored.
 */
final class Outages {

    private Outages() {}

    static Uni<Void> waitOut(Uni<Void> store) {
        return store.onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .atMost(30);
    }
}
