package dev.aimon.incident;

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
}
