package dev.aimon.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.events.EventJson;
import dev.aimon.events.FeatureType;
import dev.aimon.events.LabelEvent;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.ingest.service.EventValidator.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final MonitoringPlanEvent PLAN = new MonitoringPlanEvent(
            1,
            "credit-risk",
            1,
            NOW,
            "test",
            new MonitoringPlan(
                    "credit-risk",
                    List.of(
                            new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
                            new MonitoringPlan.Feature("education", FeatureType.CATEGORICAL)),
                    List.of(new MonitoringPlan.ProtectedAttribute("sex", List.of("Male"))),
                    null,
                    1,
                    new MonitoringPlan.Window(100, null, null),
                    30,
                    null,
                    null,
                    null));

    private final EventValidator validator = new EventValidator(Duration.ofMinutes(5));

    @Test
    void buildsTheValidatedEvent() {
        Outcome<PredictionEvent> outcome = validate("""
                {"eventId":"e1","modelId":"credit-risk","modelVersion":3,"timestamp":"2026-11-27T09:59:00Z",
                 "features":{"age":41,"education":12,"extra":"x","gone":null},"attributes":{"sex":"Female"},
                 "prediction":1,"score":0.7,"unknownField":true}""");

        assertThat(outcome).isInstanceOf(Outcome.Valid.class);
        PredictionEvent e = ((Outcome.Valid<PredictionEvent>) outcome).event();
        assertThat(e.schemaVersion()).isEqualTo(1);
        assertThat(e.modelVersion()).isEqualTo("3");
        assertThat(e.features())
                .containsEntry("age", 41)
                .containsEntry("education", "12")
                .containsEntry("extra", "x");
        assertThat(e.features()).doesNotContainKey("gone");
        assertThat(e.prediction()).isEqualTo(1);
        assertThat(e.score()).isEqualTo(0.7);
    }

    @Test
    void namesTheFieldAndTheRule() {
        assertThat(error("{\"modelId\":\"credit-risk\"}")).isEqualTo("eventId: is required");
        assertThat(error(event("\"eventId\":7"))).startsWith("eventId: must be a non-empty string");
        assertThat(error(event("\"modelId\":\"nobody\""))).contains("modelId: model 'nobody' has no monitoring plan");
        assertThat(error(event("\"timestamp\":\"yesterday\""))).startsWith("timestamp: must be an ISO-8601 instant");
        assertThat(error(event("\"timestamp\":\"2026-11-27T10:06:00Z\""))).contains("in the future");
        assertThat(error(event("\"features\":{\"age\":\"forty\"}")))
                .isEqualTo("features.age: the plan declares it NUMERIC, got \"forty\"");
        assertThat(error(event("\"attributes\":{}"))).isEqualTo("attributes.sex: is required, the plan protects it");
        assertThat(error(event("\"prediction\":null"))).isEqualTo("prediction: is required");
        assertThat(error(event("\"prediction\":[1]"))).startsWith("prediction: must be a number, string or boolean");
        assertThat(error(event("\"score\":\"high\""))).startsWith("score: must be a finite number");
        assertThat(error(event("\"schemaVersion\":2"))).startsWith("schemaVersion: must be 1");
        assertThat(error("[1,2]")).isEqualTo("an event must be a JSON object");
    }

    @Test
    void labelsNeedTheirPredictionsIdAModelWithAPlanAndAValue() throws Exception {
        Outcome<LabelEvent> ok = validator.label(
                EventJson.mapper().readTree("{\"eventId\":\"e1\",\"modelId\":\"credit-risk\",\"label\":1}"), PLAN, NOW);
        assertThat(ok).isEqualTo(new Outcome.Valid<>(new LabelEvent(1, "e1", "credit-risk", NOW, 1)));
        assertThat(labelError("{\"modelId\":\"credit-risk\",\"label\":1}")).isEqualTo("eventId: is required");
        assertThat(labelError("{\"eventId\":\"e1\",\"modelId\":\"credit-risk\"}"))
                .isEqualTo("label: is required");
        assertThat(labelError("{\"eventId\":\"e1\",\"modelId\":\"credit-risk\",\"label\":{}}"))
                .startsWith("label: must be a number, string or boolean");
        assertThat(
                        labelError(
                                "{\"eventId\":\"e1\",\"modelId\":\"credit-risk\",\"label\":1,\"timestamp\":\"2027-01-01T00:00:00Z\"}"))
                .contains("in the future");
    }

    private String labelError(String json) throws Exception {
        Outcome<LabelEvent> outcome = validator.label(EventJson.mapper().readTree(json), PLAN, NOW);
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        return ((Outcome.Invalid<LabelEvent>) outcome).error();
    }

    /** A valid event with one field replaced (JSON keys: the last one wins). */
    private static String event(String override) {
        return """
                {"eventId":"e1","modelId":"credit-risk","timestamp":"2026-11-27T09:59:00Z","features":{"age":41},
                 "attributes":{"sex":"Female"},"prediction":1,%s}""".formatted(override);
    }

    private String error(String json) {
        Outcome<PredictionEvent> outcome = validate(json);
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        return ((Outcome.Invalid<PredictionEvent>) outcome).error();
    }

    private Outcome<PredictionEvent> validate(String json) {
        try {
            JsonNode node = EventJson.mapper().readTree(json);
            String modelId = EventValidator.modelId(node);
            return validator.prediction(node, "credit-risk".equals(modelId) ? PLAN : null, NOW);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
