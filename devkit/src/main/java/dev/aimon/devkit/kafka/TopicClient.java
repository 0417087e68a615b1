package dev.aimon.devkit.kafka;

import dev.aimon.events.kafka.EventSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes contract events to aimon topics and reads records back: for tests, the demo and the load generator. */
public final class TopicClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, Object> producer;

    public TopicClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        EventSerializer<Object> json = new EventSerializer<>();
        Serializer<Object> values = (topic, value) -> value instanceof byte[] raw ? raw : json.serialize(topic, value);
        this.producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                values);
    }

    /**
     * Sends one event as JSON (or a {@code byte[]} as it is, for records that are not JSON; null for a tombstone) and
     * waits until the broker has it.
     */
    public void send(String topic, String key, Object event) {
        try {
            producer.send(new ProducerRecord<>(topic, key, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot send to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends events under one key, in order, without waiting between them; returns once the broker has them all. */
    public void sendAll(String topic, String key, List<?> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (Object event : events) {
            sent.add(producer.send(new ProducerRecord<>(topic, key, event)));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot send to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Reads {@code topic} from its start, in a consumer group of its own, until {@code count} records that match have
     * come or {@code timeout} has passed; returns those matching.
     */
    public List<ConsumerRecord<String, byte[]>> read(
            String topic, Predicate<ConsumerRecord<String, byte[]>> match, int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "aimon-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (matching.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (match.test(r)) {
                        matching.add(r);
                    }
                }
            }
        }
        return matching;
    }

    @Override
    public void close() {
        producer.close();
    }
}
