package dev.aimon.devkit.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts one real Kafka broker (KRaft, in the test JVM, on free ports) for a module's Quarkus tests and points the
 * application at it. Use with {@code @WithTestResource(value = KafkaBrokerResource.class, scope = GLOBAL)}. It never
 * needs Docker.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private LocalKafka kafka;

    @Override
    public Map<String, String> start() {
        kafka = LocalKafka.startEphemeral(1);
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
