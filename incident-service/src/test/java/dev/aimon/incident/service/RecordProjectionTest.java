package dev.aimon.incident.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.incident.IncidentIT;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.audit.EntryType;
import dev.aimon.incident.repository.NonconformityEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A history worked by hand, replayed: the columns each entry sets, and the differences an edit leaves. */
class RecordProjectionTest {

    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    static final UUID ID = UUID.fromString("019abcde-0000-7000-8000-000000000001");

    private final List<AuditChain.Entry> history = new ArrayList<>();

    private void add(EntryType type, String actor, Instant at, Map<String, Object> change) {
        history.add(AuditChain.next(
                history.isEmpty() ? null : history.getLast(), type.name(), actor, at, AuditTrail.canonical(change)));
    }

    private void created() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("ref", "NC-2026-0007");
        c.put("recordClass", "NONCONFORMITY");
        c.put("severity", "S2");
        c.put("severityReason", "policy");
        c.put("requirementRefs", List.of(Map.of("framework", "ISO42001", "ref", "A.6.2.6", "title", "t")));
        c.put("sourceBreachIds", List.of("b1"));
        c.put("firstBreachAt", T.plusSeconds(900));
        c.put("breach", IncidentIT.breach("m", T, 0, 0.62));
        add(EntryType.CREATED, "aimon", T.plusSeconds(901), c);
    }

    private static Map<String, Object> move(String from, String to, Map<String, Object> fields) {
        Map<String, Object> c = new LinkedHashMap<>(fields);
        c.put("from", from);
        c.put("to", to);
        return c;
    }

    @Test
    void aHistoryMakesEveryColumn() {
        created();
        // a repeat detected before the last breach does not move lastBreachAt back
        add(EntryType.BREACH_ATTACHED, "aimon", T.plusSeconds(1000), Map.of("detectedAt", T.plusSeconds(600)));
        add(EntryType.BREACH_ATTACHED, "aimon", T.plusSeconds(2000), Map.of("detectedAt", T.plusSeconds(1800)));
        add(EntryType.TRANSITION, "sam", T.plusSeconds(3000), move("OPEN", "ACKNOWLEDGED", Map.of("owner", "alice")));
        add(
                EntryType.TRANSITION,
                "alice",
                T.plusSeconds(4000),
                move(
                        "ACKNOWLEDGED",
                        "CONTAINED",
                        Map.of(
                                "seriousIncident",
                                Map.of(
                                        "assessed",
                                        true,
                                        "serious",
                                        true,
                                        "category",
                                        "DEATH",
                                        "awareAt",
                                        "2026-11-20T08:00:00.123456789Z"))));
        add(EntryType.ESCALATED, "aimon", T.plusSeconds(5000), Map.of("severity", "S2"));

        NonconformityEntity nc = RecordProjection.replay(ID, history);

        assertThat(nc.id).isEqualTo(ID);
        assertThat(nc.ref).isEqualTo("NC-2026-0007");
        assertThat(nc.modelId).isEqualTo("m");
        assertThat(nc.metric).isEqualTo("DISPARATE_IMPACT_RATIO");
        assertThat(nc.groupName).isEqualTo("Female");
        assertThat(nc.value).isEqualTo(0.62);
        assertThat(nc.thresholdLower).isEqualTo(0.8);
        assertThat(nc.n).isEqualTo(1710L);
        assertThat(nc.openedAt).isEqualTo(T.plusSeconds(901));
        assertThat(nc.firstBreachAt).isEqualTo(T.plusSeconds(900));
        assertThat(nc.lastBreachAt).isEqualTo(T.plusSeconds(1800));
        assertThat(nc.occurrences).isEqualTo(3);
        assertThat(nc.status).isEqualTo("CONTAINED");
        assertThat(nc.owner).isEqualTo("alice");
        assertThat(nc.recordClass).isEqualTo("SERIOUS_INCIDENT");
        // PostgreSQL keeps microseconds; a death is reported within 10 days of awareness
        assertThat(nc.awareAt).isEqualTo(Instant.parse("2026-11-20T08:00:00.123456Z"));
        assertThat(nc.reportDeadline).isEqualTo(Instant.parse("2026-11-30T08:00:00.123456Z"));
        assertThat(nc.requirementRefs).contains("A.6.2.6").contains("Art.73");
        assertThat(nc.escalatedAt).isEqualTo(T.plusSeconds(5000));
        assertThat(nc.closedAt).isNull();
        assertThat(AuditTrail.read(nc.lifecycle)).containsOnlyKeys("ACKNOWLEDGED", "CONTAINED");
        assertThat(AuditTrail.read(nc.lifecycle).get("ACKNOWLEDGED"))
                .isEqualTo(Map.of(
                        "owner", "alice", "by", "sam", "at", T.plusSeconds(3000).toString()));
    }

    @Test
    void aDismissalClosesAtTheTimeOfItsEntryAndDropsTheRequest() {
        created();
        add(
                EntryType.DISMISSAL_REQUESTED,
                "erin",
                T.plusSeconds(1000),
                move("OPEN", "OPEN", Map.of("reason", "FALSE_POSITIVE")));
        NonconformityEntity requested = RecordProjection.replay(ID, history);
        assertThat(requested.status).isEqualTo("OPEN");
        assertThat(AuditTrail.read(requested.lifecycle)).containsKey("DISMISSAL_REQUESTED");

        add(EntryType.TRANSITION, "frank", T.plusSeconds(2000), move("OPEN", "DISMISSED", Map.of()));
        NonconformityEntity nc = RecordProjection.replay(ID, history);
        assertThat(nc.status).isEqualTo("DISMISSED");
        assertThat(nc.closedAt).isEqualTo(T.plusSeconds(2000));
        assertThat(AuditTrail.read(nc.lifecycle)).containsOnlyKeys("DISMISSED");
    }

    @Test
    void anEditIsADifferenceOfItsColumnAndAnUnknownEntryOfTheHistory() {
        created();
        add(
                EntryType.TRANSITION,
                "alice",
                T.plusSeconds(2000),
                move(
                        "INVESTIGATING",
                        "ACTION_PLANNED",
                        Map.of(
                                "actions",
                                List.of(
                                        Map.of("description", "a", "owner", "bob", "dueDate", "2027-02-01"),
                                        Map.of("description", "b", "owner", "bob", "dueDate", "2027-01-15")))));
        NonconformityEntity stored = RecordProjection.replay(ID, history);
        assertThat(stored.nextDue).isEqualTo(LocalDate.parse("2027-01-15"));
        assertThat(RecordProjection.differences(stored, history)).isEmpty();

        stored.nextDue = LocalDate.parse("2027-06-01");
        stored.severity = "S4";
        assertThat(RecordProjection.differences(stored, history))
                .containsExactly(
                        new RecordProjection.Difference("severity", "S4", "S2"),
                        new RecordProjection.Difference("next_due", "2027-06-01", "2027-01-15"));

        history.add(new AuditChain.Entry(3, "NOTE", "mallory", T.plusSeconds(3000), "{}", "", ""));
        assertThat(RecordProjection.differences(stored, history))
                .singleElement()
                .satisfies(d -> assertThat(d.column()).isEqualTo("history"));
    }
}
