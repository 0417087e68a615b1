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
 * its own ({@code aimon-stream-poll}), which fetches, decompresses and reads each record ({@link PollReader}), and
 * hands each poll's records through a {@link Handoff} to a second thread ({@code aimon-stream}), which gives them to
 * {@link StreamConsumer} at once; so the next poll is fetched and parsed while this one is added to the state. It is not a SmallRye channel, which wraps, traces and dispatches every
 * record on its own (a third of the stream's time when it was one); the plans, the reports and the dead letters still
 * go through SmallRye. A revocation waits until every poll handed over is processed before the partition's last
 * checkpoint is taken.
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
    /** Polls waiting to be processed: two, so that one can be fetched while one waits and one is processed. */
    private final Handoff<ParsedPoll> handoff = new Handoff<>(2);

    private final PollReader reader;

    private volatile boolean running;
    private volatile boolean polling;
    private volatile Thread poller;
    private volatile Thread processor;
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
        this.reader = new PollReader(analysis);
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
        polling = true;
        Thread p = new Thread(this::poll, "aimon-stream-poll");
        p.setDaemon(true);
        poller = p;
        Thread t = new Thread(this::process, "aimon-stream");
        t.setDaemon(true);
        processor = t;
        t.start();
        p.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, ByteBuffer> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        for (Thread t : new Thread[] {poller, processor}) {
            if (t != null) {
                t.join(Duration.ofSeconds(60).toMillis());
            }
        }
    }

    /** What stopped the loop, if anything did. */
    public Throwable failure() {
        return failure;
    }

    /** The polling thread: polls and hands over, until stopped; closing the consumer checkpoints its partitions. */
    private void poll() {
        try (KafkaConsumer<String, ByteBuffer> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteBufferDeserializer())) {
            this.consumer = consumer;
            KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
            metrics.bindTo(registry);
            consumer.subscribe(List.of(Topics.PREDICTIONS, Topics.LABELS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    try {
                        handoff.drain();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (IllegalStateException processingStopped) {
                        // The state may hold half a poll: no checkpoint, the next owner resumes from the last one.
                        return;
                    }
                    checkpoints.onPartitionsRevoked(consumer, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    checkpoints.onPartitionsAssigned(consumer, partitions);
                }
            });
            try {
                while (running && failure == null) {
                    ConsumerRecords<String, ByteBuffer> records = consumer.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        ParsedPoll parsed = reader.take(records);
                        // Handed over first when there is room, so that the processing thread can start on it.
                        boolean taken = handoff.offer(parsed, 0);
                        reader.readAhead(parsed);
                        if (!taken) {
                            handOver(parsed);
                        }
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
            failed(e);
        } finally {
            polling = false;
        }
    }

    /**
     * Waits until the processing thread takes the poll, or the loop stops. Records not handed over when a stop comes
     * are not lost: the checkpoint holds the offsets of the records processed, and the next owner reads on from there.
     */
    private void handOver(ParsedPoll poll) throws InterruptedException {
        boolean taken = false;
        while (!taken && running) {
            taken = handoff.offer(poll, 500);
        }
    }

    /** The processing thread: processes what the polling thread hands over, until that one has closed its consumer. */
    private void process() {
        try {
            while (true) {
                ParsedPoll poll = handoff.take(200);
                if (poll == null) {
                    if (!polling) {
                        return;
                    }
                    continue;
                }
                stream.consume(poll, reader);
                handoff.processed();
                reader.release(poll);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handoff.fail(e);
        } catch (RuntimeException | Error e) {
            handoff.fail(e);
            failed(e);
        }
    }

    private synchronized void failed(Throwable e) {
        if (failure == null) {
            failure = e;
            LOG.error("the stream stopped: a restart resumes from the last checkpoint", e);
        }
    }
}
