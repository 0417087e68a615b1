package dev.aimon.devkit.stack;

/** The four aimon services: their module, default port and database. */
public enum Service {
    INGEST("ingest-service", 8081, "aimon_ingest"),
    FAIRNESS("fairness-service", 8082, "aimon_fairness"),
    DRIFT("drift-service", 8083, "aimon_drift"),
    INCIDENT("incident-service", 8084, "aimon_incident");

    private final String module;
    private final int defaultPort;
    private final String database;

    Service(String module, int defaultPort, String database) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.database = database;
    }

    /** The Maven module, also the process name. */
    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The service's own database, or null when it keeps none. */
    public String database() {
        return database;
    }
}
