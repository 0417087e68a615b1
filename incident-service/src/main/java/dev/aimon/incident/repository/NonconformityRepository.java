package dev.aimon.incident.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The nonconformities. */
@ApplicationScoped
public class NonconformityRepository implements PanacheRepositoryBase<NonconformityEntity, UUID> {

    /** The open record that a repeat of this breach attaches to, if there is one. */
    public Uni<NonconformityEntity> findOpen(
            String modelId, String breachKind, String metric, String attribute, String group, String feature) {
        return find(
                        "modelId = :model and breachKind = :kind and metric = :metric and status = 'OPEN'"
                                + " and coalesce(attribute, '') = :attribute and coalesce(groupName, '') = :group"
                                + " and coalesce(feature, '') = :feature",
                        Parameters.with("model", modelId)
                                .and("kind", breachKind)
                                .and("metric", metric)
                                .and("attribute", Objects.toString(attribute, ""))
                                .and("group", Objects.toString(group, ""))
                                .and("feature", Objects.toString(feature, "")))
                .firstResult();
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
