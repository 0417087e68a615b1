package dev.aimon.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.events.EventJson;
import dev.aimon.events.FeatureType;
import dev.aimon.events.MonitoringPlan;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KServeMapperTest {

    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    static final MonitoringPlan PLAN = new MonitoringPlan(
            "income",
            List.of(
                    new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
                    new MonitoringPlan.Feature("hours", FeatureType.NUMERIC),
                    new MonitoringPlan.Feature("sex", FeatureType.CATEGORICAL)),
            List.of(new MonitoringPlan.ProtectedAttribute("sex", List.of("Male"))),
            null,
            1,
            new MonitoringPlan.Window(100, null, null),
            30,
            null,
            null,
            null);

    static JsonNode json(String text) throws Exception {
        return EventJson.mapper().readTree(text);
    }

    @Test
    void v1InstancesArePositionalByThePlansFeaturesAndTheProtectedAttributeIsCopied() throws Exception {
        List<JsonNode> events = KServeMapper.events(
                "income",
                "3",
                PLAN,
                "ce-1",
                T,
                json("{\"instances\":[[39,40,\"Female\"],[50,13,\"Male\"]]}"),
                json("{\"predictions\":[1,0]}"));

        assertThat(events).hasSize(2);
        JsonNode first = events.get(0);
        assertThat(first.path("eventId").asText()).isEqualTo("ce-1#0");
        assertThat(first.path("modelVersion").asText()).isEqualTo("3");
        assertThat(first.path("timestamp").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(first.path("features").path("age").asInt()).isEqualTo(39);
        assertThat(first.path("features").path("hours").asInt()).isEqualTo(40);
        assertThat(first.path("attributes").path("sex").asText()).isEqualTo("Female");
        assertThat(first.path("prediction").asInt()).isEqualTo(1);
        assertThat(events.get(1).path("prediction").asInt()).isZero();
    }

    @Test
    void v2TensorsByShapeOrByNameAndClassScoresGiveTheArgmax() throws Exception {
        JsonNode oneTensor = json("{\"inputs\":[{\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"BYTES\","
                + "\"data\":[39,40,\"Female\",50,13,\"Male\"]}]}");
        JsonNode byName = json("{\"inputs\":[{\"name\":\"age\",\"shape\":[2],\"data\":[39,50]},"
                + "{\"name\":\"sex\",\"shape\":[2,1],\"data\":[[\"Female\"],[\"Male\"]]}]}");
        JsonNode scores =
                json("{\"outputs\":[{\"name\":\"probabilities\",\"shape\":[2,2],\"data\":[0.3,0.7,0.9,0.1]}]}");

        List<JsonNode> a = KServeMapper.events("income", null, PLAN, "ce-2", T, oneTensor, scores);
        List<JsonNode> b = KServeMapper.events("income", null, PLAN, "ce-3", T, byName, scores);

        assertThat(a.get(1).path("features").path("hours").asInt()).isEqualTo(13);
        assertThat(a.get(1).path("attributes").path("sex").asText()).isEqualTo("Male");
        assertThat(b.get(0).path("features").path("age").asInt()).isEqualTo(39);
        assertThat(b.get(0).path("attributes").path("sex").asText()).isEqualTo("Female");
        // Row 0: scores 0.3, 0.7: class 1 with 0.7; row 1: 0.9, 0.1: class 0 with 0.9.
        assertThat(a.get(0).path("prediction").asInt()).isEqualTo(1);
        assertThat(a.get(0).path("score").asDouble()).isEqualTo(0.7);
        assertThat(a.get(1).path("prediction").asInt()).isZero();
        assertThat(a.get(1).path("score").asDouble()).isEqualTo(0.9);
    }

    @Test
    void rowsAndPredictionsThatDoNotMatchAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> KServeMapper.events(
                        "income",
                        null,
                        PLAN,
                        "ce-4",
                        T,
                        json("{\"instances\":[[39,40,\"Female\"]]}"),
                        json("{\"predictions\":[1,0]}")))
                .isInstanceOf(KServeMapper.Unmappable.class)
                .hasMessageContaining("1 rows")
                .hasMessageContaining("2 predictions");
        assertThatThrownBy(() -> KServeMapper.events(
                        "income",
                        null,
                        PLAN,
                        "ce-5",
                        T,
                        json("{\"instances\":[[1,2,3,4]]}"),
                        json("{\"predictions\":[1]}")))
                .hasMessageContaining("plan names 3 features");
    }
}
