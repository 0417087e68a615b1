package dev.aimon.analysis.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.analysis.Analysis;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The checkpoints of the stream, one row per Kafka partition in the service's own PostgreSQL database (table {@code
 * checkpoint}): the next offset to read on each input topic of that partition and the window state of its models, as
 * of one moment. After a restart or a rebalance the consumer restores the state and seeks to the offsets, so every
 * record counts once. Writes go through one thread, in order.
 */
@ApplicationScoped
public class Checkpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final String service;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "aimon-checkpoint-writer");
        t.setDaemon(true);
        return t;
    });

    private final String bootstrapServers;
    private volatile String clusterId;

    public Checkpoints(
            DataSource dataSource,
            Analysis analysis,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.dataSource = dataSource;
        this.service = analysis.service();
        this.bootstrapServers = bootstrapServers;
    }

    /** The id of the Kafka cluster: offsets mean something only in the cluster that gave them. Blocks once. */
    private String clusterId() {
        if (clusterId == null) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                clusterId = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot read the Kafka cluster id", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the Kafka cluster id", e);
            }
        }
        return clusterId;
    }

    /**
     * A partition's checkpoint.
     *
     * @param nextOffsets the next offset to read, by topic
     * @param state the window state of the partition's models ({@link Analysis#snapshot})
     */
    public record Checkpoint(Map<String, Long> nextOffsets, byte[] state) {}

    /** The checkpoint of a partition, if one was written; blocks. */
    public Optional<Checkpoint> load(int partition) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select next_offsets, state from checkpoint"
                        + " where service = ? and kafka_partition = ? and cluster_id = ?")) {
            s.setString(1, service);
            s.setInt(2, partition);
            s.setString(3, clusterId());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                Map<String, Long> offsets = JSON.readValue(r.getString(1), new TypeReference<>() {});
                return Optional.of(new Checkpoint(offsets, r.getBytes(2)));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read the checkpoint of partition " + partition, e);
        }
    }

    /**
     * Stores a partition's checkpoint on the writer thread, replacing the one before; completes when it is committed.
     */
    public CompletionStage<Void> saveAsync(int partition, Checkpoint checkpoint) {
        return CompletableFuture.runAsync(() -> write(partition, checkpoint), writer);
    }

    /** Stores a partition's checkpoint now, on the calling thread. */
    public void write(int partition, Checkpoint checkpoint) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        insert into checkpoint (service, kafka_partition, cluster_id, next_offsets, state, saved_at)
                        values (?, ?, ?, ?, ?, now())
                        on conflict (service, kafka_partition)
                        do update set cluster_id = excluded.cluster_id, next_offsets = excluded.next_offsets,
                                      state = excluded.state, saved_at = excluded.saved_at""")) {
            s.setString(1, service);
            s.setInt(2, partition);
            s.setString(3, clusterId());
            s.setString(4, JSON.writeValueAsString(checkpoint.nextOffsets()));
            // A stream, not setBytes, which copies the array first (checkpoints are megabytes).
            s.setBinaryStream(5, new ByteArrayInputStream(checkpoint.state()), checkpoint.state().length);
            s.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot write the checkpoint of partition " + partition, e);
        }
    }

    @PreDestroy
    void stop() {
        writer.shutdown();
    }
}
