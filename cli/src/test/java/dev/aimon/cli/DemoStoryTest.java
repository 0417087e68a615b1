package dev.aimon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.devkit.demo.DemoData;
import dev.aimon.devkit.demo.FairModel;
import dev.aimon.devkit.demo.Story;
import dev.aimon.drift.service.DriftEvaluator;
import dev.aimon.drift.service.DriftProfile;
import dev.aimon.events.EventJson;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.fairness.service.FairnessEvaluator;
import dev.aimon.stats.drift.CategoryCounts;
import dev.aimon.stats.drift.NumericSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's story on each data set, evaluated offline with the services' own evaluators: the clean act breaches
 * nothing, the bias act breaches the four-fifths rule for the biased group, the drift act breaches a drift bound of
 * the drifted feature. The live demo (./aimon demo) runs the same acts through the services.
 */
class DemoStoryTest {

    private static final ObjectMapper JSON = EventJson.mapper();

    @ParameterizedTest
    @ValueSource(strings = {"adult", "german"})
    void eachActBreachesWhatItInjectsAndNothingElseOfItsKind(String name) {
        DemoData data = DemoData.named(name);
        FairModel model = FairModel.train(data.training());
        List<Story.Act> acts = Story.acts(data, model, "test");
        MonitoringPlan plan = JSON.convertValue(data.plan(), MonitoringPlan.class);
        MonitoringPlanEvent planEvent =
                new MonitoringPlanEvent(MonitoringPlanEvent.SCHEMA_VERSION, data.model(), 1, null, null, plan);
        List<PredictionEvent> events = new ArrayList<>();
        acts.forEach(a -> a.events().forEach(e -> events.add(JSON.convertValue(e, PredictionEvent.class))));
        List<PredictionEvent> reference = Story.reference(data).stream()
                .map(e -> JSON.convertValue(e, PredictionEvent.class))
                .toList();
        Instant now = Instant.now();
        List<WindowReportEvent> fairness = new FairnessEvaluator(30).evaluateBatch(planEvent, events, now);
        List<WindowReportEvent> drift = new DriftEvaluator(30, 0.01)
                .evaluateBatch(
                        planEvent,
                        events,
                        reference,
                        new DriftProfile.Limits(NumericSample.DEFAULT_LIMIT, CategoryCounts.DEFAULT_LIMIT),
                        now);
        int windows = events.size() / data.window();
        assertThat(fairness).hasSize(windows);
        assertThat(drift).hasSize(windows);

        for (Story.Act act : acts) {
            List<MetricResult> fair = breaches(fairness, act, data.window());
            List<MetricResult> drifted = breaches(drift, act, data.window());
            System.out.printf("%s %s: fairness %s%n  drift %s%n", name, act.name(), describe(fair), describe(drifted));
            switch (act.name()) {
                case "clean" -> {
                    assertThat(fair).as("clean traffic: no fairness breach").isEmpty();
                    assertThat(drifted).as("clean traffic: no drift breach").isEmpty();
                }
                case "bias" -> {
                    assertThat(fair)
                            .as("the bias act breaches the four-fifths rule for the biased group")
                            .anySatisfy(r -> {
                                assertThat(r.metric()).isEqualTo(Metric.DISPARATE_IMPACT_RATIO);
                                assertThat(r.attribute()).isEqualTo(data.bias().attribute());
                                assertThat(r.group()).isEqualTo(data.bias().group());
                                assertThat(r.value()).isLessThan(0.8);
                            });
                    assertThat(fair)
                            .allSatisfy(r ->
                                    assertThat(r.group()).contains(data.bias().group()));
                }
                case "drift" -> {
                    assertThat(fair)
                            .as("the drift act's decisions are fair again")
                            .isEmpty();
                    assertThat(drifted)
                            .anySatisfy(r -> assertThat(r.feature())
                                    .isEqualTo(data.drift().feature()));
                }
                default -> throw new IllegalStateException(act.name());
            }
        }
    }

    /** The breaches of an act's windows. */
    private static List<MetricResult> breaches(List<WindowReportEvent> reports, Story.Act act, int window) {
        return reports.stream()
                .filter(r -> r.window().sequence() >= act.firstWindow()
                        && r.window().sequence() < act.firstWindow() + act.windows(window))
                .flatMap(r -> r.results().stream())
                .filter(m -> m.verdict() == Verdict.BREACH)
                .toList();
    }

    private static String describe(List<MetricResult> results) {
        return results.stream()
                .map(r -> r.metric() + " " + (r.feature() != null ? r.feature() : r.attribute() + "=" + r.group()) + " "
                        + String.format("%.3f", r.value()))
                .toList()
                .toString();
    }
}
