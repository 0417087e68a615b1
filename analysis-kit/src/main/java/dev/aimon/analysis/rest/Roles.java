package dev.aimon.analysis.rest;

/**
 * The roles of the analysis services' endpoints, from the bearer token's {@code groups} claim (the same names as
 * ingest-service's and incident-service's).
 */
public final class Roles {

    public static final String PRODUCER = "producer";
    public static final String GOVERNANCE = "governance";
    public static final String AUDITOR = "auditor";
    public static final String SRE = "sre";
    public static final String ADMIN = "admin";

    private Roles() {}
}
