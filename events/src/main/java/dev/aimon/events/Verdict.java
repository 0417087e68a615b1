package dev.aimon.events;

/** The outcome of one metric in one window. */
public enum Verdict {
    /** Within its bounds, or outside them without enough evidence to say so. */
    OK,
    /** Past its bounds, with enough data and a significant effect. */
    BREACH,
    /** Too little data (a group or window below the plan's minimum) to judge. */
    INSUFFICIENT_EVIDENCE
}
