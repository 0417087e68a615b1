package dev.aimon.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The golden v1 payloads (written by hand from DESIGN.md §2) must deserialise forever, must satisfy the published
 * JSON Schemas, and must survive a round trip through the records unchanged.
 */
class GoldenPayloadsTest {

    private static final ObjectMapper JSON = EventJson.mapper();

    @Test
    void predictionEvent() {
        PredictionEvent e = golden("prediction-event", PredictionEvent.class);
        assertThat(e.schemaVersion()).isEqualTo(1);
        assertThat(e.eventId()).isEqualTo("c0a8012e-7f3b-4c1d-9e2a-5b6c7d8e9f01");
        assertThat(e.modelId()).isEqualTo("credit-risk");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-27T10:00:00.123Z"));
        assertThat(e.features()).containsEntry("age", 41).containsEntry("education", "Bachelors");
        assertThat(e.attributes()).isEqualTo(Map.of("sex", "Female", "race", "White"));
        assertThat(e.prediction()).isEqualTo(1);
        assertThat(e.score()).isEqualTo(0.73);
        assertThat(e.label()).isNull();
    }

    @Test
    void labelEvent() {
        LabelEvent e = golden("label-event", LabelEvent.class);
        assertThat(e.eventId()).isEqualTo("c0a8012e-7f3b-4c1d-9e2a-5b6c7d8e9f01");
        assertThat(e.label()).isEqualTo(0);
    }

    @Test
    void monitoringPlanEvent() {
        MonitoringPlanEvent e = golden("monitoring-plan-event", MonitoringPlanEvent.class);
        assertThat(e.planVersion()).isEqualTo(4);
        MonitoringPlan p = e.plan();
        assertThat(p.features())
                .containsExactly(
                        new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
                        new MonitoringPlan.Feature("education", FeatureType.CATEGORICAL));
        assertThat(p.protectedAttributes())
                .containsExactly(
                        new MonitoringPlan.ProtectedAttribute("sex", List.of("Male")),
                        new MonitoringPlan.ProtectedAttribute("race", List.of("White")));
        assertThat(p.intersections()).containsExactly(List.of("sex", "race"));
        assertThat(p.window().events()).isEqualTo(5000);
        assertThat(p.fairness().metrics()).containsEntry(Metric.DISPARATE_IMPACT_RATIO, Threshold.between(0.8, 1.25));
        assertThat(p.drift().reference()).isEqualTo(MonitoringPlan.Reference.UPLOADED);
        assertThat(p.drift().metrics()).containsEntry(Metric.PSI, Threshold.atMost(0.2));
        assertThat(p.expectedInterval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void windowReportEvent() {
        WindowReportEvent e = golden("window-report-event", WindowReportEvent.class);
        assertThat(e.window().labelled()).isEqualTo(4210L);
        MetricResult dir = e.results().get(0);
        assertThat(dir.metric()).isEqualTo(Metric.DISPARATE_IMPACT_RATIO);
        assertThat(dir.ci()).containsExactly(0.66, 0.77);
        assertThat(dir.pValue()).isEqualTo(2.1e-6);
        assertThat(dir.verdict()).isEqualTo(Verdict.BREACH);
        assertThat(e.results().get(1).feature()).isEqualTo("age");
    }

    @Test
    void breachEvent() {
        BreachEvent e = golden("breach-event", BreachEvent.class);
        assertThat(e.kind()).isEqualTo(BreachKind.FAIRNESS);
        assertThat(e.result().referenceN()).isEqualTo(3290L);
        assertThat(e.result().threshold().lower()).isEqualTo(0.8);
    }

    @Test
    void schemasRejectWhatTheContractForbids() {
        ObjectNode noId = (ObjectNode) readTree("/golden/v1/prediction-event.json");
        noId.remove("eventId");
        noId.put("prediction", (String) null);
        ObjectNode badMetric = (ObjectNode) readTree("/golden/v1/breach-event.json");
        ((ObjectNode) badMetric.get("result")).put("metric", "ACCURACY_OF_VIBES");

        assertThat(errors("prediction-event", noId))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("eventId"))
                .anySatisfy(m -> assertThat(m).contains("prediction"));
        assertThat(errors("breach-event", badMetric)).isNotEmpty();
    }

    /** Reads a golden payload: schema-valid, deserialisable, and unchanged by a round trip through the record. */
    private static <T> T golden(String name, Class<T> type) {
        JsonNode original = readTree("/golden/v1/" + name + ".json");
        assertThat(errors(name, original))
                .as("golden %s against its schema", name)
                .isEmpty();
        try {
            T event = JSON.treeToValue(original, type);
            JsonNode written = JSON.valueToTree(event);
            assertThat(errors(name, written))
                    .as("%s as written by the record", name)
                    .isEmpty();
            assertThat(JSON.treeToValue(written, type)).isEqualTo(event);
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> errors(String schemaName, JsonNode payload) {
        try (InputStream in = GoldenPayloadsTest.class.getResourceAsStream("/schemas/v1/" + schemaName + ".json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
            return schema.validate(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readTree(String resource) {
        try (InputStream in = GoldenPayloadsTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
