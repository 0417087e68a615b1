package dev.aimon.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.events.PredictionEvent;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The contract's serdes against the official Apache Kafka image, on machines with a Docker engine. Without one it is
 * skipped: the in-JVM broker of {@link LocalKafkaTest} covers the same ground there.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @Test
    void carriesContractEvents() throws Exception {
        List<PredictionEvent> sent =
                IntStream.range(0, 10).mapToObj(RoundTrip::prediction).toList();

        List<ConsumerRecord<String, PredictionEvent>> received =
                RoundTrip.sendAndReceive(KAFKA.getBootstrapServers(), "aimon.predictions", sent);

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
    }
}
