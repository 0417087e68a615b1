package dev.aimon.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Identifiers derived from content, so that a redelivered report or breach has the id it had the first time.
 * Name-based UUIDs (RFC 4122 version 3) of the parts joined by {@code |}.
 */
public final class EventIds {

    private EventIds() {}

    /**
     * A window report: (service, model, plan version, window, revision). A count window is named by its sequence
     * number, a time window by its start. The revision is 0 for the first report of a window and grows when late
     * labels re-emit it.
     */
    public static String windowReport(
            String service, String modelId, int planVersion, WindowSummary window, int revision) {
        String key = window.sequence() != null
                ? "#" + window.sequence()
                : window.start().toString();
        return nameUuid("window", service, modelId, Integer.toString(planVersion), key, Integer.toString(revision));
    }

    /** The report of a monitoring gap: (service, model, plan version, the last event's time before the silence). */
    public static String gapReport(String service, String modelId, int planVersion, Instant lastEvent) {
        return nameUuid("gap", service, modelId, Integer.toString(planVersion), lastEvent.toString());
    }

    /** A breach: (window report, metric, attribute or feature, group). */
    public static String breach(String reportId, MetricResult result) {
        return nameUuid(
                "breach",
                reportId,
                result.metric().name(),
                Objects.toString(result.attribute(), ""),
                Objects.toString(result.feature(), ""),
                Objects.toString(result.group(), ""));
    }

    private static String nameUuid(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
