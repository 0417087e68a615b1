package dev.aimon.incident.repository;

import dev.aimon.events.BreachEvent;
import io.quarkus.panache.common.Parameters;
import java.util.Objects;

/**
 * What makes two breaches "the same" for deduplication, recurrence and the promotion policy: the model, the breach
 * kind, the metric and the attribute and group or the feature.
 */
public record BreachKey(
        String modelId, String breachKind, String metric, String attribute, String group, String feature) {

    /** The HQL condition on an entity with these fields (monitoring events and nonconformities name them alike). */
    static final String CONDITION = "modelId = :model and breachKind = :kind and metric = :metric"
            + " and coalesce(attribute, '') = :attribute and coalesce(groupName, '') = :group"
            + " and coalesce(feature, '') = :feature";

    public static BreachKey of(BreachEvent breach) {
        return new BreachKey(
                breach.modelId(),
                breach.kind().name(),
                breach.result().metric().name(),
                breach.result().attribute(),
                breach.result().group(),
                breach.result().feature());
    }

    /** The parameters of {@link #CONDITION}. */
    Parameters parameters() {
        return Parameters.with("model", modelId)
                .and("kind", breachKind)
                .and("metric", metric)
                .and("attribute", Objects.toString(attribute, ""))
                .and("group", Objects.toString(group, ""))
                .and("feature", Objects.toString(feature, ""));
    }
}
