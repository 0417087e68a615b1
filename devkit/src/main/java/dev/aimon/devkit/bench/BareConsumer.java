package dev.aimon.devkit.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The bench's ceiling, in a JVM of its own like the services: a bare consumer that reads the given topics from the
 * start, bytes only, until it has read the given number of records. Prints its rate and CPU seconds per million
 * records, both from its first record to its last, as {@code records <n> seconds <s> cpu <s>}.
 */
public final class BareConsumer {

    private BareConsumer() {}

    public static void main(String[] args) {
        String bootstrap = args[0];
        List<String> topics = List.of(args[1].split(","));
        long expected = Long.parseLong(args[2]);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-ceiling-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long read = 0;
            long first = 0;
            long firstCpu = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (read < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty() && first == 0) {
                    first = System.nanoTime();
                    firstCpu = os.getProcessCpuTime();
                }
                read += records.count();
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            double cpu = (os.getProcessCpuTime() - firstCpu) / 1e9;
            System.out.printf("records %d seconds %.6f cpu %.6f%n", read, seconds, cpu);
            if (read < expected) {
                System.exit(1);
            }
        }
    }
}
