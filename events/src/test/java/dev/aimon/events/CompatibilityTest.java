package dev.aimon.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aimon.events.kafka.BreachEventDeserializer;
import dev.aimon.events.kafka.EventSerializer;
import dev.aimon.events.kafka.MonitoringPlanEventDeserializer;
import dev.aimon.events.kafka.PredictionEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Consumers ignore fields they do not know; the Kafka (de)serializers keep tombstones and name what is wrong. */
class CompatibilityTest {

    @Test
    void unknownFieldsAtEveryLevelAreIgnored() throws Exception {
        ObjectNode plan = (ObjectNode) GoldenPayloadsTest.readTree("/golden/v1/monitoring-plan-event.json");
        plan.put("addedInV2", "x");
        ((ObjectNode) plan.get("plan")).putObject("retention").put("days", 30);
        ((ObjectNode) plan.get("plan").get("window")).put("watermark", "PT1M");
        ((ObjectNode) plan.get("plan").get("features").get(0)).put("unit", "years");

        MonitoringPlanEvent event = new MonitoringPlanEventDeserializer()
                .deserialize(Topics.PLANS, EventJson.mapper().writeValueAsBytes(plan));

        assertThat(event.plan().window().events()).isEqualTo(5000);
        assertThat(event.plan().features().get(0).name()).isEqualTo("age");
    }

    @Test
    void serializerAndDeserializerRoundTrip() {
        byte[] golden = GoldenPayloadsTest.readTree("/golden/v1/breach-event.json")
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        BreachEvent breach = new BreachEventDeserializer().deserialize(Topics.BREACHES, golden);

        byte[] bytes = new EventSerializer<BreachEvent>().serialize(Topics.BREACHES, breach);

        assertThat(new BreachEventDeserializer().deserialize(Topics.BREACHES, bytes))
                .isEqualTo(breach);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"pValue\":2.1E-6")
                .contains("\"detectedAt\":\"2026-11-27T10:15:01Z\"")
                .doesNotContain("\"feature\"");
    }

    @Test
    void tombstonesStayNull() {
        assertThat(new EventSerializer<MonitoringPlanEvent>().serialize(Topics.PLANS, null))
                .isNull();
        assertThat(new MonitoringPlanEventDeserializer().deserialize(Topics.PLANS, null))
                .isNull();
    }

    @Test
    void malformedBytesNameTheTypeAndTopic() {
        byte[] bad = "{\"eventId\": 1, \"timestamp\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new PredictionEventDeserializer().deserialize(Topics.PREDICTIONS, bad))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("PredictionEvent")
                .hasMessageContaining(Topics.PREDICTIONS)
                .hasMessageContaining("yesterday");
    }

    @Test
    void derivedIdsAreStableAndDistinguishTheirParts() {
        Instant start = Instant.parse("2026-11-27T10:00:00Z");
        WindowSummary timed = new WindowSummary(start, start.plusSeconds(900), 5000, null, null);
        WindowSummary counted = new WindowSummary(start, start, 5000, null, 7L);
        WindowSummary nextCounted = new WindowSummary(start, start, 5000, null, 8L);
        String first = EventIds.windowReport("fairness", "credit-risk", 4, timed, 0);

        assertThat(EventIds.windowReport("fairness", "credit-risk", 4, timed, 0))
                .isEqualTo(first);
        assertThat(EventIds.windowReport("drift", "credit-risk", 4, timed, 0)).isNotEqualTo(first);
        assertThat(EventIds.windowReport("fairness", "credit-risk", 5, timed, 0))
                .isNotEqualTo(first);
        assertThat(EventIds.windowReport("fairness", "credit-risk", 4, timed, 1))
                .isNotEqualTo(first);
        assertThat(EventIds.windowReport("fairness", "credit-risk", 4, counted, 0))
                .isNotEqualTo(EventIds.windowReport("fairness", "credit-risk", 4, nextCounted, 0));
        // Fixed forever: an id computed by v1 of aimon must be recomputed identically by every later version.
        assertThat(first).isEqualTo(nameUuid("window|fairness|credit-risk|4|2026-11-27T10:00:00Z|0"));
        assertThat(EventIds.windowReport("fairness", "credit-risk", 4, counted, 0))
                .isEqualTo(nameUuid("window|fairness|credit-risk|4|#7|0"));
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
