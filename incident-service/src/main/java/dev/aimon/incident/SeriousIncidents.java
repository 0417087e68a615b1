package dev.aimon.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * EU AI Act Art. 73: when a serious incident must be reported, counted from when the provider became aware of it.
 * 15 days in general (Art. 73(2)); 2 days for a widespread infringement or a serious and irreversible disruption of
 * critical infrastructure (73(3)); 10 days in the event of a death (73(4)). These are the latest dates: the Act asks
 * for the report as soon as the causal link is established.
 */
public final class SeriousIncidents {

    /** The categories a serious-incident assessment may name. */
    public static final Set<String> CATEGORIES = Set.of(
            "DEATH",
            "SERIOUS_HARM_TO_HEALTH",
            "CRITICAL_INFRASTRUCTURE",
            "FUNDAMENTAL_RIGHTS_INFRINGEMENT",
            "PROPERTY_OR_ENVIRONMENT",
            "WIDESPREAD_INFRINGEMENT");

    private static final Map<String, Duration> DEADLINES = Map.of(
            "DEATH", Duration.ofDays(10),
            "CRITICAL_INFRASTRUCTURE", Duration.ofDays(2),
            "WIDESPREAD_INFRINGEMENT", Duration.ofDays(2));

    private SeriousIncidents() {}

    /** The latest time to report a serious incident of this category. */
    public static Instant deadline(String category, Instant awareAt) {
        return awareAt.plus(DEADLINES.getOrDefault(category, Duration.ofDays(15)));
    }
}
