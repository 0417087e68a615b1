package dev.aimon.incident.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The window reports kept as evidence, by report id. */
@ApplicationScoped
public class WindowReportRepository implements PanacheRepositoryBase<WindowReportEntity, String> {

    /** A model's most recent reports (at most {@code limit}), oldest first. */
    public Uni<List<WindowReportEntity>> ofModel(String modelId, int limit) {
        return find("modelId = ?1", Sort.descending("windowEnd", "receivedAt"), modelId)
                .page(0, limit)
                .list()
                .map(list -> list.reversed());
    }

    /** The models with window reports, by name. */
    public Uni<List<String>> models() {
        return getSession()
                .chain(session -> session.createSelectionQuery(
                                "select distinct w.modelId from WindowReportEntity w order by w.modelId", String.class)
                        .getResultList());
    }

    /** The reports of these services whose windows overlap {@code [from, to)}. */
    public Uni<List<WindowReportEntity>> overlapping(List<String> services, Instant from, Instant to) {
        return find(
                        "service in ?1 and windowStart < ?3 and windowEnd >= ?2",
                        Sort.ascending("modelId", "windowStart"),
                        services,
                        from,
                        to)
                .list();
    }
}
