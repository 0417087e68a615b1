package dev.aimon.incident.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The nonconformities. */
@ApplicationScoped
public class NonconformityRepository implements PanacheRepositoryBase<NonconformityEntity, UUID> {

    private static final String SAME_BREACH = "modelId = :model and breachKind = :kind and metric = :metric"
            + " and coalesce(attribute, '') = :attribute and coalesce(groupName, '') = :group"
            + " and coalesce(feature, '') = :feature";

    /** The record in progress (not closed, dismissed or accepted) that a repeat of this breach attaches to. */
    public Uni<NonconformityEntity> findOpen(
            String modelId, String breachKind, String metric, String attribute, String group, String feature) {
        return find(
                        SAME_BREACH + " and status not in ('CLOSED', 'DISMISSED', 'RISK_ACCEPTED')",
                        same(modelId, breachKind, metric, attribute, group, feature))
                .firstResult();
    }

    /** The newest record of this breach that was closed after {@code since}: a repeat reopens it. */
    public Uni<NonconformityEntity> findRecurrence(
            String modelId,
            String breachKind,
            String metric,
            String attribute,
            String group,
            String feature,
            Instant since) {
        return find(
                        SAME_BREACH + " and status = 'CLOSED' and closedAt >= :since",
                        Sort.descending("closedAt"),
                        same(modelId, breachKind, metric, attribute, group, feature)
                                .and("since", since))
                .firstResult();
    }

    private static Parameters same(
            String modelId, String breachKind, String metric, String attribute, String group, String feature) {
        return Parameters.with("model", modelId)
                .and("kind", breachKind)
                .and("metric", metric)
                .and("attribute", Objects.toString(attribute, ""))
                .and("group", Objects.toString(group, ""))
                .and("feature", Objects.toString(feature, ""));
    }

    /** Newest first, optionally of one model and one status. */
    public Uni<List<NonconformityEntity>> list(String modelId, String status, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (modelId != null) {
            query.append(" and modelId = :model");
            parameters.and("model", modelId);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        return find(query.toString(), Sort.descending("openedAt").and("ref", Sort.Direction.Descending), parameters)
                .page(Page.of(page, size))
                .list();
    }

    /** The next number of the {@code NC-yyyy-nnnn} references. */
    public Uni<Long> nextRefNumber() {
        return getSession()
                .chain(s -> s.createNativeQuery("select nextval('nonconformity_ref_seq')", Long.class)
                        .getSingleResult());
    }
}
