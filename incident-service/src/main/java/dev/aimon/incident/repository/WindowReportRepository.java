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
