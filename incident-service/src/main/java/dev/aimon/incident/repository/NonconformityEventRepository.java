package dev.aimon.incident.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The histories of the nonconformities: appended, never changed. */
@ApplicationScoped
public class NonconformityEventRepository
        implements PanacheRepositoryBase<NonconformityEventEntity, NonconformityEventEntity.Key> {

    /** A record's history, oldest first. */
    public Uni<List<NonconformityEventEntity>> history(UUID nonconformityId) {
        return find("nonconformityId", Sort.ascending("seq"), nonconformityId).list();
    }

    /** The newest entry of a record's history. */
    public Uni<NonconformityEventEntity> last(UUID nonconformityId) {
        return find("nonconformityId", Sort.descending("seq"), nonconformityId).firstResult();
    }

    /** The histories of these records, oldest entry first. */
    public Uni<List<NonconformityEventEntity>> histories(List<UUID> nonconformityIds) {
        if (nonconformityIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return find("nonconformityId in ?1", Sort.ascending("nonconformityId", "seq"), nonconformityIds)
                .list();
    }
}
