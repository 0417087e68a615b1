package dev.aimon.devkit.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server the services use when run locally or tested: host, port and user from the environment
 * ({@code AIMON_PG_HOST}, {@code AIMON_PG_PORT}, {@code AIMON_PG_USER}, {@code AIMON_PG_PASSWORD}), by default
 * 127.0.0.1:5432 as {@code postgres}; where nothing answers there, the launcher starts an {@link EmbeddedPostgres}.
 * Each service has its own database, created here when missing.
 *
 * @param host the server's host
 * @param port the server's port
 * @param user the user, which may create databases
 * @param password the password; empty with trust authentication
 */
public record LocalPostgres(String host, int port, String user, String password) {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The server named by the environment, or the default. */
    public static LocalPostgres fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new LocalPostgres(
                env.getOrDefault("AIMON_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("AIMON_PG_PORT", "5432")),
                env.getOrDefault("AIMON_PG_USER", "postgres"),
                env.getOrDefault("AIMON_PG_PASSWORD", ""));
    }

    /**
     * Whether the environment names a server ({@code AIMON_PG_HOST} or {@code AIMON_PG_PORT}): then aimon uses that one
     * or fails, and never starts its own {@link EmbeddedPostgres} in its place.
     */
    public static boolean named() {
        Map<String, String> env = System.getenv();
        return env.containsKey("AIMON_PG_HOST") || env.containsKey("AIMON_PG_PORT");
    }

    /**
     * Drops the database if it exists (closing its connections): for a suite that starts a fresh broker and must not
     * meet the state of an earlier run in its databases.
     */
    public void dropDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
                Statement drop = c.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Creates the database when it does not exist yet. */
    public void ensureDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another suite
            }
            throw new IllegalStateException(
                    "cannot reach PostgreSQL at " + host + ":" + port + " as " + user + " to create database " + name
                            + ": " + e.getMessage(),
                    e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** The Quarkus datasource settings for one database. */
    public Map<String, String> quarkusConfig(String database) {
        return Map.of(
                "quarkus.datasource.jdbc.url",
                jdbcUrl(database),
                "quarkus.datasource.reactive.url",
                reactiveUrl(database),
                "quarkus.datasource.username",
                user,
                "quarkus.datasource.password",
                password);
    }
}
