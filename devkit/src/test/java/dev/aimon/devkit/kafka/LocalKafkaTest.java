package dev.aimon.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The broker that tests and the launcher use is a real one: it stores, compacts, and cleans up after itself. */
class LocalKafkaTest {

    @Test
    void carriesEventsCreatesTheAimonTopicsAndCleansUp() throws Exception {
        Path dataDir;
        try (LocalKafka kafka = LocalKafka.startEphemeral(2)) {
            List<PredictionEvent> sent =
                    IntStream.range(0, 30).mapToObj(RoundTrip::prediction).toList();

            List<ConsumerRecord<String, PredictionEvent>> received =
                    RoundTrip.sendAndReceive(kafka.bootstrapServers(), Topics.PREDICTIONS, sent);

            assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(received)
                    .allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().modelId()));
            // Keyed by model: all of a model's events land in one partition.
            assertThat(received.stream()
                            .filter(r -> r.key().equals("m-0"))
                            .map(ConsumerRecord::partition)
                            .distinct())
                    .hasSize(1);

            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                        .contains(
                                Topics.PLANS,
                                Topics.PREDICTIONS,
                                Topics.LABELS,
                                Topics.DLQ,
                                Topics.WINDOWS,
                                Topics.BREACHES,
                                Topics.AUDIT);
                ConfigResource plans = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PLANS);
                Config config = admin.describeConfigs(List.of(plans))
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .get(plans);
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .isEqualTo("compact");
                assertThat(admin.describeTopics(List.of(Topics.PREDICTIONS))
                                .allTopicNames()
                                .get(10, TimeUnit.SECONDS)
                                .get(Topics.PREDICTIONS)
                                .partitions())
                        .hasSize(2);
            }
            dataDir = kafka.dataDir();
            assertThat(dataDir).isNotEmptyDirectory();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void restartsOnItsPersistentFolderWithTheDataKept() throws Exception {
        Path dir = Files.createTempDirectory("aimon-kafka-persist-");
        try {
            PredictionEvent first = RoundTrip.prediction(1);
            try (LocalKafka kafka = LocalKafka.start(0, dir, false, 1)) {
                RoundTrip.sendAndReceive(kafka.bootstrapServers(), Topics.PREDICTIONS, List.of(first));
            }
            assertThat(dir).isNotEmptyDirectory();
            try (LocalKafka again = LocalKafka.start(0, dir, false, 1)) {
                PredictionEvent second = RoundTrip.prediction(2);
                RoundTrip.send(again.bootstrapServers(), Topics.PREDICTIONS, List.of(second));
                assertThat(RoundTrip.receive(again.bootstrapServers(), Topics.PREDICTIONS, 2))
                        .extracting(ConsumerRecord::value)
                        .containsExactly(first, second);
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
