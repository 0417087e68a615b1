package dev.aimon.ingest.service;

import dev.aimon.ingest.config.IngestConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Idempotency by event id: a batch's valid events are claimed in PostgreSQL ({@code seen_event}) and published in one
 * transaction, so an id accepted within the horizon is not published again (by any replica), and a batch whose
 * publishing fails claims nothing (the client's retry goes through). Claims older than the horizon are deleted.
 */
@ApplicationScoped
public class SeenEvents {

    private static final Logger LOG = Logger.getLogger(SeenEvents.class);

    private final Pool pool;
    private final Vertx vertx;
    private final IngestConfig config;
    private long timer = -1;

    public SeenEvents(Pool pool, Vertx vertx, IngestConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
    }

    /** An event's identity: its kind (prediction or label), model and id. */
    public record Key(String modelId, String eventId) {}

    /**
     * Claims the keys not seen within the horizon and, in the same transaction, publishes what {@code publish} makes
     * of them; the claims commit only if publishing succeeds.
     */
    public <T> Uni<T> claimAndPublish(String kind, List<Key> keys, Function<Set<Key>, Uni<T>> publish) {
        if (keys.isEmpty() || config.idempotencyHorizon().isZero()) {
            return publish.apply(new HashSet<>(keys));
        }
        String[] models = keys.stream().map(Key::modelId).toArray(String[]::new);
        String[] ids = keys.stream().map(Key::eventId).toArray(String[]::new);
        return pool.withTransaction(connection -> connection
                .preparedQuery("insert into seen_event (kind, model_id, event_id, seen_at)"
                        + " select $1, m, e, now() from unnest($2::text[], $3::text[]) as t(m, e)"
                        + " on conflict do nothing returning model_id, event_id")
                .execute(Tuple.of(kind, models, ids))
                .chain(rows -> {
                    Set<Key> fresh = new HashSet<>();
                    for (Row r : rows) {
                        fresh.add(new Key(r.getString("model_id"), r.getString("event_id")));
                    }
                    return publish.apply(fresh);
                }));
    }

    void start(@Observes StartupEvent event) {
        long every = Math.max(60_000, config.idempotencyHorizon().toMillis() / 24);
        timer = vertx.setPeriodic(every, id -> forgetOld());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void forgetOld() {
        pool.preparedQuery("delete from seen_event where seen_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.idempotencyHorizon().toSeconds()))
                .subscribe()
                .with(
                        rows -> LOG.debugf("forgot %d event ids past the idempotency horizon", rows.rowCount()),
                        failure -> LOG.warnf("cannot forget old event ids: %s", failure.toString()));
    }
}
