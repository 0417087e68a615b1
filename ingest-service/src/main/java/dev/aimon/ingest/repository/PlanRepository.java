package dev.aimon.ingest.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** The stored plan versions. */
@ApplicationScoped
public class PlanRepository implements PanacheRepository<PlanEntity> {

    /** The newest version of a model's plan, or null. */
    public Uni<PlanEntity> latest(String modelId) {
        return find("modelId = ?1 order by version desc", modelId).firstResult();
    }

    /** Every version of a model's plan, oldest first. */
    public Uni<List<PlanEntity>> history(String modelId) {
        return list("modelId = ?1 order by version", modelId);
    }

    /** The newest version of each of these models' plans (models without a plan are absent). */
    public Uni<List<PlanEntity>> latest(Collection<String> modelIds) {
        return list(
                "from PlanEntity p where p.modelId in ?1 and p.version ="
                        + " (select max(q.version) from PlanEntity q where q.modelId = p.modelId)",
                modelIds);
    }
}
