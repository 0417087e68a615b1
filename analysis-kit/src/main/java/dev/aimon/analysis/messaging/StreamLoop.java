package dev.aimon.analysis.messaging;

import dev.aimon.analysis.Analysis;
import dev.aimon.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The stream's consumer: a plain Kafka consumer of {@code aimon.predictions} and {@code aimon.labels} on a thread of
 * its own, handing each poll's records to {@link StreamConsumer} at once. It is not a SmallRye channel, which wraps,
 * traces and dispatches every record on its own (a third of the stream's time when it was one); the plans, the reports
 * and the dead letters still go through SmallRye.
 *
 * <p>Its Kafka settings: every {@code kafka.*} property (the bootstrap servers, and any security settings, as for the
 * SmallRye channels), then these defaults, then every {@code aimon.stream.kafka.*} property: group {@code
 * aimon-<service>} (one group for all instances), client id {@code kafka-consumer-events-in} (the name the lag alert
 * uses), no auto-commit (the checkpoints hold the offsets), the range assignor (partition p of both topics to one
 * instance), up to 2,000 records a poll.
 */
@ApplicationScoped
public class StreamLoop {

    private static final Logger LOG = Logger.getLogger(StreamLoop.class);

    /** The prefix of this consumer's own Kafka settings. */
    static final String PREFIX = "aimon.stream.kafka.";

    private final StreamConsumer stream;
    private final CheckpointListener checkpoints;
    private final MeterRegistry registry;
    private final Map<String, Object> properties;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, ByteBuffer> consumer;
    private volatile Throwable failure;

    public StreamLoop(
            StreamConsumer stream,
            CheckpointListener checkpoints,
            MeterRegistry registry,
            Analysis analysis,
            Config config) {
        this.stream = stream;
        this.checkpoints = checkpoints;
        this.registry = registry;
        this.properties = properties(config, analysis.service());
    }

    /** The consumer's settings, as the class comment says. */
    static Map<String, Object> properties(Config config, String service) {
        Map<String, Object> p = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("kafka.")) {
                config.getOptionalValue(name, String.class).ifPresent(v -> p.put(name.substring(6), v));
            }
        }
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "aimon-" + service);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-consumer-events-in");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> p.put(name.substring(PREFIX.length()), v));
            }
        }
        p.keySet().retainAll(ConsumerConfig.configNames());
        return p;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        Thread t = new Thread(this::run, "aimon-stream");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, ByteBuffer> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            t.join(Duration.ofSeconds(60).toMillis());
        }
    }

    /** What stopped the loop, if anything did. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        try (KafkaConsumer<String, ByteBuffer> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteBufferDeserializer())) {
            this.consumer = consumer;
            KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
            metrics.bindTo(registry);
            consumer.subscribe(List.of(Topics.PREDICTIONS, Topics.LABELS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    checkpoints.onPartitionsRevoked(consumer, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    checkpoints.onPartitionsAssigned(consumer, partitions);
                }
            });
            try {
                while (running) {
                    ConsumerRecords<String, ByteBuffer> records = consumer.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        stream.consume(records);
                    }
                }
            } catch (WakeupException e) {
                // stop(): closing the consumer revokes its partitions, which checkpoints them
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                metrics.close();
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("the stream stopped: a restart resumes from the last checkpoint", e);
        }
    }
}
