package dev.aimon.ingest;

/**
 * The roles of the ingest API, from the bearer token's {@code groups} claim (the same tokens as incident-service's):
 * {@code producer} sends predictions and labels; {@code governance} and {@code admin} change plans; every role may
 * read them.
 */
public final class Roles {

    public static final String PRODUCER = "producer";
    public static final String GOVERNANCE = "governance";
    public static final String ADMIN = "admin";
    public static final String AUDITOR = "auditor";
    public static final String SRE = "sre";

    private Roles() {}
}
