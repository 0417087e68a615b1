package dev.aimon.incident.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.audit.AuditChain;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ManagementReviewTest {

    static final Instant T = Instant.parse("2026-11-23T08:00:00Z"); // a Monday, ISO week 48

    @Test
    void countsTimesRecurrenceAndThePassRateByHand() {
        // A: opened T, acknowledged after 2 h, closed EFFECTIVE after 50 h.
        // B: opened T+1 h, acknowledged after 6 h, reviewed NOT_EFFECTIVE, reopened... still in progress, overdue.
        // C: opened T+2 h, dismissed after 1 h (no acknowledgement).
        Nonconformity a = record("NC-1", T, "CLOSED", "S2", null);
        Nonconformity b = record("NC-2", T.plusSeconds(3600), "INVESTIGATING", "S2", LocalDate.parse("2026-11-25"));
        Nonconformity c = record("NC-3", T.plusSeconds(7200), "DISMISSED", "S3", null);
        Map<UUID, List<AuditChain.Entry>> histories = Map.of(
                a.id(),
                        List.of(
                                move(T.plusSeconds(2 * 3600), "ACKNOWLEDGED", null),
                                move(T.plusSeconds(50 * 3600), "CLOSED", "EFFECTIVE")),
                b.id(),
                        List.of(
                                move(T.plusSeconds(7 * 3600), "ACKNOWLEDGED", null),
                                move(T.plusSeconds(30 * 3600), "INVESTIGATING", "NOT_EFFECTIVE"),
                                entry("REOPENED", T.plusSeconds(31 * 3600)),
                                entry("ESCALATED", T.plusSeconds(32 * 3600))),
                c.id(), List.of(move(T.plusSeconds(3 * 3600), "DISMISSED", null)));

        ManagementReview.Summary s = ManagementReview.of(
                List.of(a, b, c),
                histories,
                e -> e.type().equals("TRANSITION") ? e.change().split("\\|")[0] : null,
                e -> e.type().equals("TRANSITION") && e.change().contains("|")
                        ? e.change().split("\\|")[1]
                        : null,
                T,
                T.plusSeconds(7 * 24 * 3600),
                LocalDate.parse("2026-11-27"));

        assertThat(s.opened()).isEqualTo(3);
        assertThat(s.closed()).as("CLOSED and DISMISSED").isEqualTo(2);
        assertThat(s.inProgress()).isEqualTo(1);
        assertThat(s.bySeverity()).containsEntry("S2", 2L).containsEntry("S3", 1L);
        assertThat(s.openedPerWeek()).containsExactly(Map.entry("2026-W48", 3L));
        // To acknowledge: 2 h and 6 h: mean 4, median 4. To close: 50 h (A) and 1 h (C): mean 25.5, median 25.5.
        assertThat(s.timeToAcknowledge().meanHours()).isCloseTo(4.0, within(1e-9));
        assertThat(s.timeToAcknowledge().medianHours()).isCloseTo(4.0, within(1e-9));
        assertThat(s.timeToClose().count()).isEqualTo(2);
        assertThat(s.timeToClose().meanHours()).isCloseTo(25.5, within(1e-9));
        assertThat(s.overdue()).as("B's next due date passed").isEqualTo(1);
        assertThat(s.reopened()).isEqualTo(1);
        assertThat(s.escalated()).isEqualTo(1);
        assertThat(s.effectivenessReviews()).isEqualTo(2);
        assertThat(s.effectivenessPassRate()).isCloseTo(0.5, within(1e-12));
    }

    private static Nonconformity record(String ref, Instant opened, String status, String severity, LocalDate due) {
        return new Nonconformity(
                UUID.nameUUIDFromBytes(ref.getBytes()),
                ref,
                status,
                "NONCONFORMITY",
                severity,
                "test",
                "FAIRNESS",
                "m",
                "1",
                1,
                new Nonconformity.MetricTrace(
                        "DISPARATE_IMPACT_RATIO", "sex", "Female", "Male", null, 0.5, null, 1L, 1L, 0.01, null),
                null,
                "r",
                null,
                List.of(),
                opened,
                opened,
                1,
                opened,
                null,
                null,
                null,
                null,
                due,
                null,
                List.of(),
                Map.of());
    }

    /** A move, its change written "TO|RESULT" for the extractors above. */
    private static AuditChain.Entry move(Instant at, String to, String result) {
        return new AuditChain.Entry(0, "TRANSITION", "x", at, result == null ? to : to + "|" + result, "", "");
    }

    private static AuditChain.Entry entry(String type, Instant at) {
        return new AuditChain.Entry(0, type, "aimon", at, "{}", "", "");
    }
}
