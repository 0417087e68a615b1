package dev.aimon.incident.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The monitoring events, by breach id. */
@ApplicationScoped
public class MonitoringEventRepository implements PanacheRepositoryBase<MonitoringEventEntity, String> {

    /**
     * The breaches of this model, kind, metric and attribute, group or feature that no record holds, received after
     * {@code since} (null: ever), oldest first: what the promotion policy counts.
     */
    public Uni<List<MonitoringEventEntity>> pending(
            String modelId,
            String breachKind,
            String metric,
            String attribute,
            String group,
            String feature,
            Instant since) {
        return find(
                        "modelId = :model and breachKind = :kind and metric = :metric and nonconformityId is null"
                                + " and coalesce(attribute, '') = :attribute and coalesce(groupName, '') = :group"
                                + " and coalesce(feature, '') = :feature and receivedAt > :since",
                        Sort.ascending("receivedAt"),
                        Parameters.with("model", modelId)
                                .and("kind", breachKind)
                                .and("metric", metric)
                                .and("attribute", Objects.toString(attribute, ""))
                                .and("group", Objects.toString(group, ""))
                                .and("feature", Objects.toString(feature, ""))
                                .and("since", since == null ? Instant.EPOCH : since))
                .list();
    }
}
