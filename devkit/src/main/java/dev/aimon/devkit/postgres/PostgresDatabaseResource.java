package dev.aimon.devkit.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a module's Quarkus tests their own database on the local PostgreSQL server, created when missing. The
 * database is named by the init argument {@code database}. Dev Services stay off: there is no container engine here.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (database == null) {
            throw new IllegalArgumentException("PostgresDatabaseResource needs the init argument 'database'");
        }
    }

    @Override
    public Map<String, String> start() {
        LocalPostgres postgres = LocalPostgres.fromEnvironment();
        postgres.ensureDatabase(database);
        return postgres.quarkusConfig(database);
    }

    @Override
    public void stop() {}
}
