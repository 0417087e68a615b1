package dev.aimon.incident;

import dev.aimon.incident.audit.EntryType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clause 10.2 lifecycle of a nonconformity (docs/ISO42001.md): which moves are allowed from which status,
 * and what each needs. A move that is not allowed is a conflict; a move that lacks what it needs names every missing
 * field. Pure rules: the service records the move.
 */
public final class Lifecycle {

    private Lifecycle() {}

    /** Where a record stands. */
    public enum Status {
        OPEN,
        ACKNOWLEDGED,
        CONTAINED,
        INVESTIGATING,
        ACTION_PLANNED,
        PENDING_EFFECTIVENESS,
        CLOSED,
        DISMISSED,
        RISK_ACCEPTED,
        REOPENED;

        /** Whether the record is finished with: a repeat of its breach then opens a new record (or reopens it). */
        public boolean terminal() {
            return this == CLOSED || this == DISMISSED || this == RISK_ACCEPTED;
        }
    }

    /** The moves people may make (REOPENED is the service's, on a recurrence). */
    static final Map<Status, Set<Status>> ALLOWED = Map.of(
            Status.OPEN, EnumSet.of(Status.ACKNOWLEDGED, Status.DISMISSED),
            Status.ACKNOWLEDGED, EnumSet.of(Status.CONTAINED, Status.DISMISSED),
            Status.CONTAINED, EnumSet.of(Status.INVESTIGATING),
            Status.INVESTIGATING, EnumSet.of(Status.ACTION_PLANNED, Status.RISK_ACCEPTED),
            Status.ACTION_PLANNED, EnumSet.of(Status.PENDING_EFFECTIVENESS),
            Status.PENDING_EFFECTIVENESS, EnumSet.of(Status.CLOSED, Status.INVESTIGATING),
            Status.REOPENED, EnumSet.of(Status.INVESTIGATING));

    /** The statuses people may move a record to from {@code from}, in lifecycle order. */
    public static List<Status> next(Status from) {
        return List.copyOf(new TreeSet<>(ALLOWED.getOrDefault(from, Set.of())));
    }

    public static final Set<String> HARM_CATEGORIES =
            Set.of("HEALTH", "SAFETY", "FUNDAMENTAL_RIGHTS", "PROPERTY", "ENVIRONMENT");
    public static final Set<String> DISMISSAL_REASONS = Set.of("FALSE_POSITIVE", "DUPLICATE");

    /**
     * What the rules need to know of the record besides its status.
     *
     * @param actionOwners the owners of the corrective actions planned
     * @param plannedActions how many corrective actions were planned
     * @param dismissalRequestedBy who asked for a dismissal that waits for a second person, if anyone
     */
    public record Context(Set<String> actionOwners, int plannedActions, String dismissalRequestedBy) {}

    /**
     * An allowed move.
     *
     * @param type the history entry it makes: TRANSITION, or DISMISSAL_REQUESTED (the status stays)
     * @param to the status after it (unchanged for a dismissal request)
     */
    public record Move(EntryType type, Status to) {}

    /** A move that lacks what it needs (422). */
    public static final class MissingFields extends RuntimeException {
        private final List<String> fields;

        public MissingFields(List<String> fields) {
            super("missing or invalid: " + String.join("; ", fields));
            this.fields = List.copyOf(fields);
        }

        /** Each missing or invalid field with the rule it breaks. */
        public List<String> fields() {
            return fields;
        }
    }

    /** A move that is not allowed (409). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    /**
     * Checks a move of a record at {@code from}.
     *
     * @throws Conflict when the move is not allowed from there, or not by this person
     * @throws MissingFields when it lacks what it needs
     */
    public static Move check(Status from, Context context, TransitionRequest r, LocalDate today) {
        List<String> missing = new ArrayList<>();
        if (r.to() == null) {
            throw new MissingFields(List.of("to: the status to move to is required"));
        }
        if (blank(r.actor())) {
            missing.add("actor: who makes the move is required");
        }
        Set<Status> allowed = ALLOWED.getOrDefault(from, Set.of());
        if (!allowed.contains(r.to())) {
            throw new Conflict("a nonconformity cannot move from " + from + " to " + r.to()
                    + (allowed.isEmpty()
                            ? " (" + from + " is final)"
                            : "; from " + from + " it can move to " + allowed));
        }
        Move move = new Move(EntryType.TRANSITION, r.to());
        switch (r.to()) {
            case ACKNOWLEDGED -> require(missing, r.owner(), "owner: who owns the record from now on");
            case CONTAINED -> contained(r, missing);
            case INVESTIGATING -> {
                if (from == Status.PENDING_EFFECTIVENESS && !"NOT_EFFECTIVE".equals(r.result())) {
                    missing.add("result: NOT_EFFECTIVE is required to go back to the investigation");
                }
            }
            case ACTION_PLANNED -> actionPlanned(r, missing);
            case PENDING_EFFECTIVENESS -> pendingEffectiveness(r, context, missing);
            case CLOSED -> {
                if (!"EFFECTIVE".equals(r.result())) {
                    missing.add("result: EFFECTIVE is required to close (NOT_EFFECTIVE goes back to INVESTIGATING)");
                }
                if (missing.isEmpty() && context.actionOwners().contains(r.actor())) {
                    throw new Conflict("segregation of duties: " + r.actor()
                            + " owns a corrective action of this record and cannot review its effectiveness");
                }
            }
            case DISMISSED -> move = dismissed(from, r, context, missing);
            case RISK_ACCEPTED -> {
                require(missing, r.approver(), "approver: who accepts the risk, with the authority to");
                require(missing, r.justification(), "justification: why the risk is accepted");
                if (r.expiry() == null || !r.expiry().isAfter(today)) {
                    missing.add("expiry: a date after today until which the acceptance holds");
                }
            }
            default -> {}
        }
        if (!missing.isEmpty()) {
            throw new MissingFields(missing);
        }
        return move;
    }

    private static void contained(TransitionRequest r, List<String> missing) {
        if ((r.containmentActions() == null || r.containmentActions().isEmpty())
                && blank(r.containmentJustification())) {
            missing.add("containmentActions: at least one containment action, or containmentJustification");
        }
        if (r.containmentActions() != null) {
            for (int i = 0; i < r.containmentActions().size(); i++) {
                TransitionRequest.ContainmentAction a = r.containmentActions().get(i);
                require(missing, a.description(), "containmentActions[" + i + "].description");
                require(missing, a.by(), "containmentActions[" + i + "].by");
                if (a.at() == null) {
                    missing.add("containmentActions[" + i + "].at");
                }
            }
        }
        if (r.consequences() == null
                || r.consequences().affectedGroups() == null
                || r.consequences().harmCategories() == null) {
            missing.add("consequences: affectedGroups and harmCategories (lists, empty when none)");
        } else if (!HARM_CATEGORIES.containsAll(r.consequences().harmCategories())) {
            missing.add("consequences.harmCategories: each one of " + HARM_CATEGORIES);
        }
        TransitionRequest.SeriousIncidentAssessment s = r.seriousIncident();
        if (s == null || !Boolean.TRUE.equals(s.assessed()) || s.serious() == null) {
            missing.add("seriousIncident: the Art. 73 assessment, {\"assessed\": true, \"serious\": true|false}");
        } else if (s.serious()) {
            if (s.category() == null || !SeriousIncidents.CATEGORIES.contains(s.category())) {
                missing.add("seriousIncident.category: one of " + SeriousIncidents.CATEGORIES);
            }
            if (s.awareAt() == null) {
                missing.add("seriousIncident.awareAt: when the provider became aware (the Art. 73 clock starts)");
            }
        }
    }

    private static void actionPlanned(TransitionRequest r, List<String> missing) {
        TransitionRequest.RootCause cause = r.rootCause();
        if (cause == null) {
            missing.add("rootCause: method, category and description");
        } else {
            require(missing, cause.method(), "rootCause.method");
            require(missing, cause.category(), "rootCause.category");
            require(missing, cause.description(), "rootCause.description");
        }
        if (r.similarCheck() == null || blank(r.similarCheck().result())) {
            missing.add("similarCheck.result: whether similar nonconformities exist or could occur");
        }
        if (r.correctiveActionNeeded() == null) {
            missing.add("correctiveActionNeeded: the decision, true or false");
        } else if (r.correctiveActionNeeded()) {
            if (r.actions() == null || r.actions().isEmpty()) {
                missing.add("actions: at least one corrective action with description, owner and dueDate");
            } else {
                for (int i = 0; i < r.actions().size(); i++) {
                    TransitionRequest.CorrectiveAction a = r.actions().get(i);
                    require(missing, a.description(), "actions[" + i + "].description");
                    require(missing, a.owner(), "actions[" + i + "].owner");
                    if (a.dueDate() == null) {
                        missing.add("actions[" + i + "].dueDate");
                    }
                }
            }
        } else {
            require(missing, r.noActionJustification(), "noActionJustification: why no corrective action is needed");
        }
    }

    private static void pendingEffectiveness(TransitionRequest r, Context context, List<String> missing) {
        Set<Integer> done = new TreeSet<>();
        List<TransitionRequest.Completion> completions = r.completions() == null ? List.of() : r.completions();
        for (int i = 0; i < completions.size(); i++) {
            TransitionRequest.Completion c = completions.get(i);
            if (c.action() == null || c.action() < 1 || c.action() > context.plannedActions()) {
                missing.add("completions[" + i + "].action: the number of a planned action, 1 to "
                        + context.plannedActions());
                continue;
            }
            if (c.completedAt() == null) {
                missing.add("completions[" + i + "].completedAt");
            }
            require(missing, c.evidence(), "completions[" + i + "].evidence");
            done.add(c.action());
        }
        for (int a = 1; a <= context.plannedActions(); a++) {
            if (!done.contains(a)) {
                missing.add("completions: action " + a + " is not done (every planned action, with evidence)");
            }
        }
        require(missing, r.effectivenessCriteria(), "effectivenessCriteria: what will show the actions worked");
        if (r.reviewDue() == null) {
            missing.add("reviewDue: when the effectiveness review is due");
        }
    }

    private static Move dismissed(Status from, TransitionRequest r, Context context, List<String> missing) {
        if (context.dismissalRequestedBy() == null) {
            if (r.reason() == null || !DISMISSAL_REASONS.contains(r.reason())) {
                missing.add("reason: one of " + DISMISSAL_REASONS);
            }
            return new Move(EntryType.DISMISSAL_REQUESTED, from);
        }
        if (context.dismissalRequestedBy().equals(r.actor())) {
            throw new Conflict(
                    "a dismissal needs a second person: " + r.actor() + " asked for it and cannot approve it");
        }
        return new Move(EntryType.TRANSITION, Status.DISMISSED);
    }

    private static void require(List<String> missing, String value, String field) {
        if (blank(value)) {
            missing.add(field);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
