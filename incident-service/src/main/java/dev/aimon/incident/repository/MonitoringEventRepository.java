package dev.aimon.incident.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The monitoring events, by breach id. */
@ApplicationScoped
public class MonitoringEventRepository implements PanacheRepositoryBase<MonitoringEventEntity, String> {

    /**
     * The breaches of this model, kind, metric and attribute, group or feature that no record holds, received after
     * {@code since} (null: ever), oldest first: what the promotion policy counts.
     */
    public Uni<List<MonitoringEventEntity>> pending(BreachKey key, Instant since) {
        return find(
                        BreachKey.CONDITION + " and nonconformityId is null and receivedAt > :since",
                        Sort.ascending("receivedAt"),
                        key.parameters().and("since", since == null ? Instant.EPOCH : since))
                .list();
    }
}
