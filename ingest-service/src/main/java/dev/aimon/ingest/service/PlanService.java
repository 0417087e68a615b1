package dev.aimon.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.events.EventJson;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.ingest.PlanHistoryEntry;
import dev.aimon.ingest.Problem.FieldError;
import dev.aimon.ingest.ProblemException;
import dev.aimon.ingest.messaging.PlanPublisher;
import dev.aimon.ingest.repository.PlanEntity;
import dev.aimon.ingest.repository.PlanRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Monitoring plans: validated, stored as versions (a plan identical to the newest one is not a new version), and
 * published on {@code aimon.plans} after they are stored. Publishing an unchanged plan again is harmless, so a client
 * whose request failed after the store simply repeats it.
 */
@ApplicationScoped
public class PlanService {

    private static final ObjectMapper JSON = EventJson.mapper();

    private final PlanRepository plans;
    private final PlanPublisher publisher;

    public PlanService(PlanRepository plans, PlanPublisher publisher) {
        this.plans = plans;
        this.publisher = publisher;
    }

    /** Validates, stores and publishes a plan; returns the version it is stored as. */
    public Uni<MonitoringPlanEvent> put(String modelId, MonitoringPlan plan, String actor) {
        List<FieldError> errors = PlanValidator.validate(modelId, plan);
        if (!errors.isEmpty()) {
            return Uni.createFrom()
                    .failure(ProblemException.invalid("the monitoring plan for '" + modelId + "' is invalid", errors));
        }
        MonitoringPlan normalised = withModelId(plan, modelId);
        return Panache.withTransaction(() -> plans.latest(modelId).chain(latest -> {
                    if (latest != null
                            && latest.planJson != null
                            && read(latest.planJson).equals(normalised)) {
                        return Uni.createFrom().item(latest);
                    }
                    return plans.persist(version(modelId, latest, write(normalised), actor));
                }))
                .map(PlanService::toEvent)
                .call(publisher::publish);
    }

    /** The newest version of a model's plan; fails with 404 when the model has none, or it was deleted. */
    public Uni<MonitoringPlanEvent> latest(String modelId) {
        return Panache.withSession(() -> plans.latest(modelId)).map(entity -> toEvent(existing(modelId, entity)));
    }

    /**
     * Deletes a model's plan: a version of its own, with who and when, then a tombstone on {@code aimon.plans}.
     * Fails with 404 when there is no plan to delete.
     */
    public Uni<Void> delete(String modelId, String actor) {
        return Panache.withTransaction(() -> plans.latest(modelId)
                        .chain(latest -> plans.persist(version(modelId, existing(modelId, latest), null, actor))))
                .chain(() -> publisher.delete(modelId));
    }

    /** Every version of a model's plan, oldest first; fails with 404 when the model never had one. */
    public Uni<List<PlanHistoryEntry>> history(String modelId) {
        return Panache.withSession(() -> plans.history(modelId)).map(versions -> {
            if (versions.isEmpty()) {
                throw ProblemException.notFound("model '" + modelId + "' has never had a monitoring plan");
            }
            return versions.stream()
                    .map(v -> new PlanHistoryEntry(
                            v.version,
                            v.planJson == null ? PlanHistoryEntry.Action.DELETED : PlanHistoryEntry.Action.STORED,
                            v.createdAt,
                            v.createdBy,
                            v.planJson == null ? null : read(v.planJson)))
                    .toList();
        });
    }

    private static PlanEntity existing(String modelId, PlanEntity latest) {
        if (latest == null) {
            throw ProblemException.notFound("model '" + modelId + "' has no monitoring plan");
        }
        if (latest.planJson == null) {
            throw ProblemException.notFound("the monitoring plan of '" + modelId + "' was deleted at "
                    + latest.createdAt + " by " + latest.createdBy);
        }
        return latest;
    }

    private static PlanEntity version(String modelId, PlanEntity latest, String planJson, String actor) {
        PlanEntity entity = new PlanEntity();
        entity.modelId = modelId;
        entity.version = latest == null ? 1 : latest.version + 1;
        entity.planJson = planJson;
        entity.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        entity.createdBy = actor;
        return entity;
    }

    /** The newest plan of each model that has one, by model id. */
    public Uni<Map<String, MonitoringPlanEvent>> latest(Collection<String> modelIds) {
        if (modelIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.withSession(() -> plans.latest(modelIds))
                .map(list -> list.stream()
                        .filter(e -> e.planJson != null)
                        .map(PlanService::toEvent)
                        .collect(Collectors.toMap(MonitoringPlanEvent::modelId, Function.identity())));
    }

    private static MonitoringPlanEvent toEvent(PlanEntity e) {
        return new MonitoringPlanEvent(
                MonitoringPlanEvent.SCHEMA_VERSION, e.modelId, e.version, e.createdAt, e.createdBy, read(e.planJson));
    }

    private static MonitoringPlan withModelId(MonitoringPlan p, String modelId) {
        if (Objects.equals(p.modelId(), modelId)) {
            return p;
        }
        return new MonitoringPlan(
                modelId,
                p.features(),
                p.protectedAttributes(),
                p.intersections(),
                p.favorableOutcome(),
                p.window(),
                p.minGroupSize(),
                p.fairness(),
                p.drift(),
                p.expectedInterval());
    }

    private static MonitoringPlan read(String json) {
        try {
            return JSON.readValue(json, MonitoringPlan.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(MonitoringPlan plan) {
        try {
            return JSON.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
