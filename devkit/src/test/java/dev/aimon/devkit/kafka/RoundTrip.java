package dev.aimon.devkit.kafka;

import dev.aimon.events.PredictionEvent;
import dev.aimon.events.kafka.EventSerializer;
import dev.aimon.events.kafka.PredictionEventDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes prediction events to a broker with the contract's serializer and reads them back. */
final class RoundTrip {

    private RoundTrip() {}

    static PredictionEvent prediction(int i) {
        return new PredictionEvent(
                1,
                UUID.randomUUID().toString(),
                "m-" + (i % 3),
                "1",
                Instant.parse("2026-11-27T10:00:00Z").plusSeconds(i),
                Map.of("age", 20 + i),
                Map.of("sex", i % 2 == 0 ? "Female" : "Male"),
                i % 2,
                null,
                null);
    }

    static List<ConsumerRecord<String, PredictionEvent>> sendAndReceive(
            String bootstrap, String topic, List<PredictionEvent> events) throws Exception {
        send(bootstrap, topic, events);
        return receive(bootstrap, topic, events.size());
    }

    static void send(String bootstrap, String topic, List<PredictionEvent> events) throws Exception {
        try (KafkaProducer<String, PredictionEvent> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new EventSerializer<>())) {
            for (PredictionEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.modelId(), e)).get();
            }
        }
    }

    /** Reads the topic from the start until {@code count} records have come, or 30 s have passed. */
    static List<ConsumerRecord<String, PredictionEvent>> receive(String bootstrap, String topic, int count) {
        List<ConsumerRecord<String, PredictionEvent>> received = new ArrayList<>();
        try (KafkaConsumer<String, PredictionEvent> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "round-trip-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new PredictionEventDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        return received;
    }
}
