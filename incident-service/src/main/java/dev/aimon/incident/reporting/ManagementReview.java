package dev.aimon.incident.reporting;

import dev.aimon.incident.Lifecycle;
import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.audit.AuditChain;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The management-review summary of clause 9.3 over a period, from the records and their histories: counts and
 * trends, time to acknowledge and to close, overdue work, recurrence and the effectiveness pass rate.
 */
public final class ManagementReview {

    private ManagementReview() {}

    /**
     * The summary.
     *
     * @param opened records opened in the period
     * @param closed records that reached a final status in the period
     * @param inProgress records not final now
     * @param byStatus records opened in the period, by status now
     * @param bySeverity the same, by severity
     * @param byKind the same, by breach kind
     * @param openedPerWeek records opened in the period by ISO week ({@code 2026-W48})
     * @param timeToAcknowledge from opening to acknowledgement, of those acknowledged in the period
     * @param timeToClose from opening to closing, of those closed in the period
     * @param overdue records in progress whose next due date has passed
     * @param escalated records escalated in the period
     * @param reopened records reopened in the period (recurrence)
     * @param effectivenessReviews effectiveness reviews in the period
     * @param effectivenessPassRate the share of them found EFFECTIVE, absent when there was none
     * @param seriousIncidents serious incidents opened in the period
     */
    public record Summary(
            Instant from,
            Instant to,
            long opened,
            long closed,
            long inProgress,
            Map<String, Long> byStatus,
            Map<String, Long> bySeverity,
            Map<String, Long> byKind,
            Map<String, Long> openedPerWeek,
            Durations timeToAcknowledge,
            Durations timeToClose,
            long overdue,
            long escalated,
            long reopened,
            long effectivenessReviews,
            Double effectivenessPassRate,
            long seriousIncidents) {}

    /**
     * Durations in hours.
     *
     * @param count how many
     * @param meanHours their mean, absent when none
     * @param medianHours their median (the mean of the middle two for an even count), absent when none
     */
    public record Durations(long count, Double meanHours, Double medianHours) {

        static Durations of(List<Duration> durations) {
            if (durations.isEmpty()) {
                return new Durations(0, null, null);
            }
            double[] hours = durations.stream()
                    .mapToDouble(d -> d.toMillis() / 3_600_000.0)
                    .sorted()
                    .toArray();
            double mean = Arrays.stream(hours).average().orElseThrow();
            int n = hours.length;
            double median = n % 2 == 1 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2;
            return new Durations(n, mean, median);
        }
    }

    /**
     * Summarises {@code records} (every record opened in the period or still in progress) with their histories.
     *
     * @param moveTo for a history entry of a move, the status it moved to (null for other entries)
     * @param result for a history entry, the effectiveness result it records (null when none)
     */
    public static Summary of(
            List<Nonconformity> records,
            Map<UUID, List<AuditChain.Entry>> histories,
            Function<AuditChain.Entry, String> moveTo,
            Function<AuditChain.Entry, String> result,
            Instant from,
            Instant to,
            LocalDate today) {
        List<Nonconformity> opened =
                records.stream().filter(r -> within(r.openedAt(), from, to)).toList();
        List<Duration> toAcknowledge = new ArrayList<>();
        List<Duration> toClose = new ArrayList<>();
        long closed = 0;
        long escalated = 0;
        long reopened = 0;
        long reviews = 0;
        long effective = 0;
        for (Nonconformity r : records) {
            for (AuditChain.Entry e : histories.getOrDefault(r.id(), List.of())) {
                if (!within(e.at(), from, to)) {
                    continue;
                }
                String movedTo = moveTo.apply(e);
                if (Lifecycle.Status.ACKNOWLEDGED.name().equals(movedTo)) {
                    toAcknowledge.add(Duration.between(r.openedAt(), e.at()));
                }
                if (movedTo != null && Lifecycle.Status.valueOf(movedTo).terminal()) {
                    closed++;
                    toClose.add(Duration.between(r.openedAt(), e.at()));
                }
                switch (e.type()) {
                    case "ESCALATED" -> escalated++;
                    case "REOPENED" -> reopened++;
                    default -> {}
                }
                String review = result.apply(e);
                if ("EFFECTIVE".equals(review) || "NOT_EFFECTIVE".equals(review)) {
                    reviews++;
                    if ("EFFECTIVE".equals(review)) {
                        effective++;
                    }
                }
            }
        }
        long inProgress = records.stream()
                .filter(r -> !Lifecycle.Status.valueOf(r.status()).terminal())
                .count();
        long overdue = records.stream()
                .filter(r -> !Lifecycle.Status.valueOf(r.status()).terminal())
                .filter(r -> r.nextDue() != null && r.nextDue().isBefore(today))
                .count();
        return new Summary(
                from,
                to,
                opened.size(),
                closed,
                inProgress,
                count(opened, Nonconformity::status),
                count(opened, Nonconformity::severity),
                count(opened, Nonconformity::breachKind),
                count(opened, r -> {
                    LocalDate d = LocalDate.ofInstant(r.openedAt(), ZoneOffset.UTC);
                    return "%d-W%02d"
                            .formatted(d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                }),
                Durations.of(toAcknowledge),
                Durations.of(toClose),
                overdue,
                escalated,
                reopened,
                reviews,
                reviews == 0 ? null : (double) effective / reviews,
                opened.stream().filter(r -> r.seriousIncident() != null).count());
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    private static Map<String, Long> count(List<Nonconformity> records, Function<Nonconformity, String> key) {
        return records.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }
}
