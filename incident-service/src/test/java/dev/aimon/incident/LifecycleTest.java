package dev.aimon.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aimon.incident.Lifecycle.Status;
import dev.aimon.incident.audit.EntryType;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-27");
    private static final Lifecycle.Context NOTHING = new Lifecycle.Context(Set.of(), 0, null);

    @Test
    void everyStatusMovesOnlyAsTheTableOfIso42001MdSays() {
        for (Status from : Status.values()) {
            for (Status to : Status.values()) {
                boolean allowed = Lifecycle.ALLOWED.getOrDefault(from, Set.of()).contains(to);
                TransitionRequest request = request(to, "alice");
                if (!allowed) {
                    assertThatThrownBy(() -> Lifecycle.check(from, NOTHING, request, TODAY))
                            .as("%s → %s", from, to)
                            .isInstanceOf(Lifecycle.Conflict.class);
                }
            }
        }
        assertThat(Lifecycle.ALLOWED.get(Status.OPEN)).containsExactlyInAnyOrder(Status.ACKNOWLEDGED, Status.DISMISSED);
        assertThat(Lifecycle.ALLOWED.get(Status.PENDING_EFFECTIVENESS))
                .containsExactlyInAnyOrder(Status.CLOSED, Status.INVESTIGATING);
        assertThat(Lifecycle.ALLOWED).doesNotContainKeys(Status.CLOSED, Status.DISMISSED, Status.RISK_ACCEPTED);
    }

    @Test
    void aMoveNamesEveryFieldItLacks() {
        assertThatThrownBy(() ->
                        Lifecycle.check(Status.INVESTIGATING, NOTHING, request(Status.RISK_ACCEPTED, null), TODAY))
                .isInstanceOfSatisfying(
                        Lifecycle.MissingFields.class,
                        e -> assertThat(e.fields())
                                .hasSize(4)
                                .anyMatch(f -> f.startsWith("actor"))
                                .anyMatch(f -> f.startsWith("approver"))
                                .anyMatch(f -> f.startsWith("justification"))
                                .anyMatch(f -> f.startsWith("expiry")));
    }

    @Test
    void theReviewerMayNotOwnAnActionAndADismissalNeedsASecondPerson() {
        Lifecycle.Context owned = new Lifecycle.Context(Set.of("dave"), 1, null);
        TransitionRequest close = new TransitionRequest(
                Status.CLOSED,
                "dave",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "EFFECTIVE",
                null,
                null,
                null,
                null,
                null);
        assertThatThrownBy(() -> Lifecycle.check(Status.PENDING_EFFECTIVENESS, owned, close, TODAY))
                .isInstanceOf(Lifecycle.Conflict.class)
                .hasMessageContaining("segregation of duties");

        Lifecycle.Context requested = new Lifecycle.Context(Set.of(), 0, "erin");
        assertThatThrownBy(() -> Lifecycle.check(Status.OPEN, requested, request(Status.DISMISSED, "erin"), TODAY))
                .isInstanceOf(Lifecycle.Conflict.class);
        assertThat(Lifecycle.check(Status.OPEN, requested, request(Status.DISMISSED, "frank"), TODAY))
                .isEqualTo(new Lifecycle.Move(EntryType.TRANSITION, Status.DISMISSED));
    }

    private static TransitionRequest request(Status to, String actor) {
        return new TransitionRequest(
                to, actor, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }
}
