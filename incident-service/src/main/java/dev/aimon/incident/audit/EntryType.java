package dev.aimon.incident.audit;

/**
 * What a history entry records. The name is what the chain stores and hashes ({@link AuditChain.Entry#type()}), so a
 * constant is never renamed; each entry type's effect on the record is {@code RecordProjection}'s.
 */
public enum EntryType {
    /** The record opened from a breach (or from the breaches of a persistence policy). */
    CREATED,
    /** A repeat of the record's breach while it is in progress. */
    BREACH_ATTACHED,
    /** A lifecycle move by a person. */
    TRANSITION,
    /** The first of the two calls a dismissal takes; the status stays. */
    DISMISSAL_REQUESTED,
    /** A repeat of a closed record's breach within the recurrence period. */
    REOPENED,
    /** Still OPEN after its severity's time to acknowledge. */
    ESCALATED,
    /** A window showed the metric back within its bounds. */
    SIGNAL_RECOVERED,
    /** Who was told what (A.8.4): a note in the list {@code COMMUNICATIONS}. */
    COMMUNICATION("COMMUNICATIONS"),
    /** A report to the authority (EU AI Act Art. 73): a note in the list {@code REGULATORY_REPORTS}. */
    REGULATORY_REPORT("REGULATORY_REPORTS");

    private final String notes;

    EntryType() {
        this(null);
    }

    EntryType(String notes) {
        this.notes = notes;
    }

    /** The list of the lifecycle data a note of this type is appended to; null for an entry that is not a note. */
    public String notes() {
        return notes;
    }
}
