package dev.aimon.incident.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aimon.incident.Lifecycle;
import dev.aimon.incident.Lifecycle.Status;
import dev.aimon.incident.TransitionRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The console's forms ask for what the lifecycle requires: every form of every move, filled in as a person would, is
 * a request {@link Lifecycle#check} accepts; an empty one is refused with the fields it lacks.
 */
class ConsoleFormsTest {

    static final LocalDate TODAY = LocalDate.parse("2026-11-27");
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void everyFilledInFormIsAMoveTheLifecycleAccepts() {
        int checked = 0;
        for (Status from : Status.values()) {
            for (ConsoleForms.Form form : ConsoleForms.forms(from, 1, "olga")) {
                Map<String, List<String>> values = new HashMap<>();
                for (ConsoleForms.Field f : form.fields()) {
                    values.put(f.name(), List.of(fill(f)));
                }
                Status to = Status.valueOf(form.to());
                TransitionRequest request = ConsoleForms.request(to, values, "olga", NOW);
                Lifecycle.Context context = new Lifecycle.Context(Set.of("someone-else"), 1, null);
                Lifecycle.Move move = Lifecycle.check(from, context, request, TODAY);
                assertThat(move.to()).as(from + " → " + to).isEqualTo(to == Status.DISMISSED ? from : to);
                checked++;
            }
        }
        // OPEN 2, ACKNOWLEDGED 2, CONTAINED 1, INVESTIGATING 2, ACTION_PLANNED 1, PENDING_EFFECTIVENESS 2, REOPENED 1.
        assertThat(checked).isEqualTo(11);
    }

    @Test
    void anEmptyContainmentIsRefusedWithWhatItLacks() {
        TransitionRequest request = ConsoleForms.request(Status.CONTAINED, Map.of(), "olga", NOW);
        assertThatThrownBy(() ->
                        Lifecycle.check(Status.ACKNOWLEDGED, new Lifecycle.Context(Set.of(), 0, null), request, TODAY))
                .isInstanceOf(Lifecycle.MissingFields.class)
                .hasMessageContaining("containmentActions");
    }

    @Test
    void aDateThatIsNotOneIsRefusedByName() {
        assertThatThrownBy(() ->
                        ConsoleForms.request(Status.RISK_ACCEPTED, Map.of("expiry", List.of("next week")), "olga", NOW))
                .isInstanceOf(ConsoleForms.BadValue.class)
                .hasMessage("expiry: not a date (YYYY-MM-DD): next week");
    }

    /** What a person would enter: the last option of a choice (yes, a category, a reason), a date next week. */
    private static String fill(ConsoleForms.Field f) {
        return switch (f.kind()) {
            case "hidden" -> f.value();
            case "select", "checkboxes" -> f.options().getLast();
            case "date" -> TODAY.plusDays(7).toString();
            case "datetime" -> "2026-11-27T09:30";
            default -> f.name().equals("owner") || f.name().equals("action.owner") ? "olga" : "because " + f.name();
        };
    }
}
