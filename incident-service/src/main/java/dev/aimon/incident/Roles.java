package dev.aimon.incident;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The roles of the incident API, from the bearer token's {@code groups} claim: {@code governance} runs the lifecycle,
 * {@code auditor} reads and exports, {@code sre} reads and acknowledges, {@code admin} does everything. Health and
 * metrics need none.
 */
public final class Roles {

    public static final String GOVERNANCE = "governance";
    public static final String AUDITOR = "auditor";
    public static final String SRE = "sre";
    public static final String ADMIN = "admin";

    private Roles() {}

    /**
     * Whether these roles may move a record to {@code to}: governance and admin any move, sre only acknowledging
     * (the API and the console both ask here; the lifecycle then decides whether the move is allowed at all).
     */
    public static boolean mayMove(SecurityIdentity identity, Lifecycle.Status to) {
        if (identity.hasRole(GOVERNANCE) || identity.hasRole(ADMIN)) {
            return true;
        }
        return identity.hasRole(SRE) && to == Lifecycle.Status.ACKNOWLEDGED;
    }
}
