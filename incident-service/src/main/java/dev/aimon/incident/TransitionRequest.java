package dev.aimon.incident;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A move of a nonconformity through the clause 10.2 lifecycle ({@code POST /v1/nonconformities/{id}/transitions}).
 * Which fields a move needs depends on its target ({@link Lifecycle}); the rest are ignored and not recorded.
 *
 * @param to the status to move to
 * @param actor who makes the move: set from the bearer token's subject by the API
 * @param note a free comment, recorded with the move
 * @param owner (ACKNOWLEDGED) who owns the record from now on
 * @param containmentActions (CONTAINED) what was done to contain the effect, or
 * @param containmentJustification (CONTAINED) why nothing was
 * @param consequences (CONTAINED) who and what is affected
 * @param seriousIncident (CONTAINED) the EU AI Act Art. 73 assessment
 * @param rootCause (ACTION_PLANNED) the cause found
 * @param similarCheck (ACTION_PLANNED) whether similar nonconformities exist or could occur
 * @param correctiveActionNeeded (ACTION_PLANNED) the decision
 * @param actions (ACTION_PLANNED) the corrective actions when needed, or
 * @param noActionJustification (ACTION_PLANNED) why none is
 * @param completions (PENDING_EFFECTIVENESS) each planned action done, with evidence
 * @param effectivenessCriteria (PENDING_EFFECTIVENESS) what shows the actions worked, set before the review
 * @param reviewDue (PENDING_EFFECTIVENESS) when the review is due
 * @param result (CLOSED, or back to INVESTIGATING) the effectiveness review: EFFECTIVE or NOT_EFFECTIVE
 * @param evidence (CLOSED or INVESTIGATING) what the review rests on, such as the window reports after the actions
 * @param reason (DISMISSED) FALSE_POSITIVE or DUPLICATE
 * @param approver (RISK_ACCEPTED) who accepts the risk, with the authority to
 * @param justification (RISK_ACCEPTED, DISMISSED) why
 * @param expiry (RISK_ACCEPTED) until when the acceptance holds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TransitionRequest(
        Lifecycle.Status to,
        String actor,
        String note,
        String owner,
        List<ContainmentAction> containmentActions,
        String containmentJustification,
        Consequences consequences,
        SeriousIncidentAssessment seriousIncident,
        RootCause rootCause,
        SimilarCheck similarCheck,
        Boolean correctiveActionNeeded,
        List<CorrectiveAction> actions,
        String noActionJustification,
        List<Completion> completions,
        String effectivenessCriteria,
        LocalDate reviewDue,
        String result,
        List<String> evidence,
        String reason,
        String approver,
        String justification,
        LocalDate expiry) {

    /** The same request made by {@code actor} (the authenticated person, whatever the body said). */
    public TransitionRequest by(String actor) {
        return new TransitionRequest(
                to,
                actor,
                note,
                owner,
                containmentActions,
                containmentJustification,
                consequences,
                seriousIncident,
                rootCause,
                similarCheck,
                correctiveActionNeeded,
                actions,
                noActionJustification,
                completions,
                effectivenessCriteria,
                reviewDue,
                result,
                evidence,
                reason,
                approver,
                justification,
                expiry);
    }

    /** A containment action of clause 10.2 (a). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContainmentAction(String description, String by, Instant at) {}

    /** The consequences of clause 10.2 (a): the affected groups and the categories of harm. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Consequences(List<String> affectedGroups, List<String> harmCategories) {}

    /**
     * The EU AI Act Art. 73 assessment: whether this is a serious incident and, if so, of what category and since when
     * the provider is aware (the reporting clock starts then).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeriousIncidentAssessment(Boolean assessed, Boolean serious, String category, Instant awareAt) {}

    /** The root cause of clause 10.2 (b). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RootCause(String method, String category, String description, String analyst) {}

    /** The check for similar nonconformities of clause 10.2 (b). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SimilarCheck(List<String> relatedIds, String result) {}

    /** A corrective action of clause 10.2 (c). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CorrectiveAction(String description, String owner, LocalDate dueDate, String changeReference) {}

    /**
     * A planned action done.
     *
     * @param action the number of the action in the plan, from 1
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Completion(Integer action, Instant completedAt, String evidence, String changeReference) {}
}
