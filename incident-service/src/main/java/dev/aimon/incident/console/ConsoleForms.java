package dev.aimon.incident.console;

import dev.aimon.incident.Lifecycle;
import dev.aimon.incident.Lifecycle.Status;
import dev.aimon.incident.SeriousIncidents;
import dev.aimon.incident.TransitionRequest;
import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The console's forms for the lifecycle moves: which fields each move asks for, and the {@link TransitionRequest}
 * the API would get from them. The console asks for what {@link Lifecycle} requires and lets the lifecycle refuse
 * what is missing, so a refusal in the console is the API's refusal, word for word.
 */
public final class ConsoleForms {

    private ConsoleForms() {}

    /** A form field. {@code kind}: text, textarea, date, datetime, select, checkboxes or hidden. */
    @TemplateData
    public record Field(String name, String label, String kind, List<String> options, String value, String help) {

        static Field text(String name, String label, String value, String help) {
            return new Field(name, label, "text", List.of(), value, help);
        }

        static Field area(String name, String label, String help) {
            return new Field(name, label, "textarea", List.of(), "", help);
        }

        static Field select(String name, String label, List<String> options, String help) {
            return new Field(name, label, "select", options, options.getFirst(), help);
        }

        static Field of(String name, String label, String kind, String help) {
            return new Field(name, label, kind, List.of(), "", help);
        }

        static Field hidden(String name, String value) {
            return new Field(name, name, "hidden", List.of(), value, "");
        }

        public boolean isKind(String k) {
            return kind.equals(k);
        }
    }

    /** A form for one move. */
    @TemplateData
    public record Form(String to, String title, List<Field> fields) {}

    /** The forms of the moves allowed from a status. */
    public static List<Form> forms(Status from, int plannedActions, String user) {
        List<Form> forms = new ArrayList<>();
        for (Status to : Lifecycle.next(from)) {
            forms.add(new Form(to.name(), title(to), fields(from, to, plannedActions, user)));
        }
        return forms;
    }

    static String title(Status to) {
        return switch (to) {
            case ACKNOWLEDGED -> "Acknowledge: take ownership";
            case CONTAINED -> "Contain: react and assess the consequences (10.2 a)";
            case INVESTIGATING -> "Investigate the cause";
            case ACTION_PLANNED -> "Plan corrective action: the root cause and what to do (10.2 b, c)";
            case PENDING_EFFECTIVENESS -> "Actions done: set the effectiveness review (10.2 d)";
            case CLOSED -> "Close: the actions were effective";
            case DISMISSED -> "Dismiss (needs a second person)";
            case RISK_ACCEPTED -> "Accept the risk";
            default -> to.name();
        };
    }

    static List<Field> fields(Status from, Status to, int plannedActions, String user) {
        List<Field> fields = new ArrayList<>();
        switch (to) {
            case ACKNOWLEDGED -> fields.add(Field.text("owner", "Owner", user, "who owns the record from now on"));
            case CONTAINED -> {
                fields.add(Field.area(
                        "containmentAction", "Containment action", "what was done to contain the effect (you, now)"));
                fields.add(Field.area(
                        "containmentJustification", "Or: why nothing was done", "instead of a containment action"));
                fields.add(Field.text(
                        "affectedGroups", "Affected groups", "", "comma-separated, e.g. sex=Female; empty when none"));
                fields.add(new Field(
                        "harmCategories",
                        "Categories of harm",
                        "checkboxes",
                        List.copyOf(new TreeSet<>(Lifecycle.HARM_CATEGORIES)),
                        "",
                        "none checked: no harm"));
                fields.add(Field.select(
                        "serious", "Serious incident (EU AI Act Art. 73)?", List.of("no", "yes"), "the assessment"));
                List<String> categories = new ArrayList<>(List.of(""));
                categories.addAll(new TreeSet<>(SeriousIncidents.CATEGORIES));
                fields.add(Field.select("category", "Serious incident category", categories, "when serious"));
                fields.add(Field.of(
                        "awareAt", "Aware since (UTC)", "datetime", "when serious: the Art. 73 clock starts here"));
            }
            case INVESTIGATING -> {
                if (from == Status.PENDING_EFFECTIVENESS) {
                    fields.add(Field.hidden("result", "NOT_EFFECTIVE"));
                    fields.add(Field.area("evidence", "Evidence the actions did not work", "e.g. window reports"));
                }
            }
            case ACTION_PLANNED -> {
                fields.add(Field.select(
                        "rootCause.method",
                        "Root cause method",
                        List.of("", "5_WHYS", "FISHBONE", "FAULT_TREE", "DATA_ANALYSIS", "OTHER"),
                        "how the cause was found"));
                fields.add(Field.text("rootCause.category", "Root cause category", "", "e.g. DATA, MODEL, PROCESS"));
                fields.add(Field.area("rootCause.description", "Root cause", "what caused the nonconformity"));
                fields.add(Field.area(
                        "similarCheck.result", "Similar nonconformities", "whether similar ones exist or could occur"));
                fields.add(Field.select(
                        "correctiveActionNeeded", "Corrective action needed?", List.of("", "yes", "no"), ""));
                fields.add(Field.area("action.description", "Corrective action", "when needed"));
                fields.add(Field.text("action.owner", "Action owner", "", "when needed"));
                fields.add(Field.of("action.dueDate", "Action due", "date", "when needed"));
                fields.add(Field.area("noActionJustification", "Or: why no action is needed", "when not needed"));
            }
            case PENDING_EFFECTIVENESS -> {
                for (int a = 1; a <= Math.max(1, plannedActions); a++) {
                    fields.add(Field.area(
                            "completion." + a, "Evidence that action " + a + " is done", "done now, by you"));
                }
                fields.add(Field.area(
                        "effectivenessCriteria", "Effectiveness criteria", "what will show the actions worked"));
                fields.add(Field.of("reviewDue", "Review due", "date", "when the effectiveness review is due"));
            }
            case CLOSED -> {
                fields.add(Field.hidden("result", "EFFECTIVE"));
                fields.add(Field.area("evidence", "Evidence the actions worked", "e.g. window reports since"));
            }
            case DISMISSED -> {
                List<String> reasons = new ArrayList<>(List.of(""));
                reasons.addAll(new TreeSet<>(Lifecycle.DISMISSAL_REASONS));
                fields.add(Field.select("reason", "Reason", reasons, "a second person approves"));
                fields.add(Field.area("justification", "Justification", "why"));
            }
            case RISK_ACCEPTED -> {
                fields.add(Field.text("approver", "Approver", "", "who accepts the risk, with the authority to"));
                fields.add(Field.area("justification", "Justification", "why the risk is accepted"));
                fields.add(Field.of("expiry", "Until", "date", "a date after today"));
            }
            default -> {}
        }
        fields.add(Field.area("note", "Note", "optional"));
        return fields;
    }

    /** Thrown for a value the form cannot turn into a request: a refusal, shown as one. */
    public static final class BadValue extends RuntimeException {
        BadValue(String message) {
            super(message);
        }
    }

    /** The request of a submitted form, by {@code actor} at {@code now}. */
    public static TransitionRequest request(Status to, Map<String, List<String>> form, String actor, Instant now) {
        String owner = null;
        List<TransitionRequest.ContainmentAction> containment = null;
        TransitionRequest.Consequences consequences = null;
        TransitionRequest.SeriousIncidentAssessment serious = null;
        TransitionRequest.RootCause rootCause = null;
        TransitionRequest.SimilarCheck similar = null;
        Boolean actionNeeded = null;
        List<TransitionRequest.CorrectiveAction> actions = null;
        List<TransitionRequest.Completion> completions = null;
        switch (to) {
            case ACKNOWLEDGED -> owner = one(form, "owner");
            case CONTAINED -> {
                String action = one(form, "containmentAction");
                containment =
                        action == null ? null : List.of(new TransitionRequest.ContainmentAction(action, actor, now));
                String groups = one(form, "affectedGroups");
                consequences = new TransitionRequest.Consequences(
                        groups == null
                                ? List.of()
                                : Arrays.stream(groups.split(","))
                                        .map(String::trim)
                                        .filter(g -> !g.isEmpty())
                                        .toList(),
                        form.getOrDefault("harmCategories", List.of()));
                boolean isSerious = "yes".equals(one(form, "serious"));
                serious = new TransitionRequest.SeriousIncidentAssessment(
                        true, isSerious, one(form, "category"), instant(one(form, "awareAt"), "awareAt"));
            }
            case ACTION_PLANNED -> {
                if (one(form, "rootCause.method") != null
                        || one(form, "rootCause.category") != null
                        || one(form, "rootCause.description") != null) {
                    rootCause = new TransitionRequest.RootCause(
                            one(form, "rootCause.method"),
                            one(form, "rootCause.category"),
                            one(form, "rootCause.description"),
                            actor);
                }
                String result = one(form, "similarCheck.result");
                similar = result == null ? null : new TransitionRequest.SimilarCheck(List.of(), result);
                String needed = one(form, "correctiveActionNeeded");
                actionNeeded = needed == null ? null : needed.equals("yes");
                if (one(form, "action.description") != null) {
                    actions = List.of(new TransitionRequest.CorrectiveAction(
                            one(form, "action.description"),
                            one(form, "action.owner"),
                            date(one(form, "action.dueDate"), "action.dueDate"),
                            null));
                }
            }
            case PENDING_EFFECTIVENESS -> {
                completions = new ArrayList<>();
                for (int a = 1; form.containsKey("completion." + a); a++) {
                    String evidence = one(form, "completion." + a);
                    if (evidence != null) {
                        completions.add(new TransitionRequest.Completion(a, now, evidence, null));
                    }
                }
            }
            default -> {}
        }
        return new TransitionRequest(
                to,
                actor,
                one(form, "note"),
                owner,
                containment,
                one(form, "containmentJustification"),
                consequences,
                serious,
                rootCause,
                similar,
                actionNeeded,
                actions,
                one(form, "noActionJustification"),
                completions,
                one(form, "effectivenessCriteria"),
                date(one(form, "reviewDue"), "reviewDue"),
                one(form, "result"),
                lines(one(form, "evidence")),
                one(form, "reason"),
                one(form, "approver"),
                one(form, "justification"),
                date(one(form, "expiry"), "expiry"));
    }

    /** A field's value, trimmed; null when absent or blank. */
    static String one(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        if (values == null
                || values.isEmpty()
                || values.getFirst() == null
                || values.getFirst().isBlank()) {
            return null;
        }
        return values.getFirst().trim();
    }

    private static List<String> lines(String value) {
        return value == null
                ? null
                : value.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    private static LocalDate date(String value, String field) {
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadValue(field + ": not a date (YYYY-MM-DD): " + value);
        }
    }

    private static Instant instant(String value, String field) {
        try {
            return value == null ? null : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadValue(field + ": not a date and time (YYYY-MM-DDTHH:MM): " + value);
        }
    }
}
