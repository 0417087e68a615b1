package dev.aimon.fairness.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.analysis.Analysis;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.fairness.config.FairnessConfig;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.ModelWindows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint written by this version ({@code golden/fairness-checkpoint-v2.bin}, written once by {@link #main}) must
 * be read by every later version: an upgrade resumes from it without losing a window or a waiting label. The test
 * restores it and checks that the stream goes on from it as it would have: the open window completes with the
 * counts its events give (worked out by hand below), waiting predictions take their labels, the closed window is
 * revised.
 */
class CheckpointGoldenTest {

    static final String GOLDEN = "golden/fairness-checkpoint-v2.bin";
    static final MonitoringPlanEvent PLAN = new MonitoringPlanEvent(
            1,
            "golden",
            3,
            Instant.parse("2026-12-01T00:00:00Z"),
            "test",
            new MonitoringPlan(
                    "golden",
                    List.of(),
                    List.of(new MonitoringPlan.ProtectedAttribute("sex", List.of("Male"))),
                    null,
                    1,
                    new MonitoringPlan.Window(4, null, null),
                    1,
                    null,
                    null,
                    null));

    @Test
    void aCheckpointOfThisVersionIsReadAndTheStreamGoesOnFromIt() throws IOException {
        FairnessMonitor monitor = monitor();
        monitor.plan(PLAN);
        byte[] golden;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN + " is on the test class path").isNotNull();
            golden = in.readAllBytes();
        }
        assertThat(golden[0]).as("the snapshot's format byte").isEqualTo((byte) 2);

        assertThat(monitor.restore(golden)).containsExactly("golden");

        // Waiting before the checkpoint: e1, e2, e4 (window 0, closed) and e5, e6 (window 1, open).
        assertThat(monitor.label("golden", "e1", 1)).isEqualTo(ModelWindows.LabelMatch.CLOSED_WINDOW);
        assertThat(monitor.label("golden", "e5", 0)).isEqualTo(ModelWindows.LabelMatch.OPEN_WINDOW);
        assertThat(monitor.label("golden", "e3", 1)).as("labelled inline").isEqualTo(ModelWindows.LabelMatch.UNMATCHED);
        List<Analysis.Closing> closed = new ArrayList<>();
        add(monitor, closed, "e7", "Female", 0, null, 7);
        add(monitor, closed, "e8", "Male", 1, null, 8);

        // Window 1: e5 (F, 1), e6 (M, 1), e7 (F, 0), e8 (M, 1): women 1 of 2 selected, men 2 of 2; e5 labelled.
        assertThat(closed).hasSize(1);
        WindowReportEvent report = closed.getFirst().evaluate().report();
        assertThat(report.window().sequence()).isEqualTo(1L);
        assertThat(report.window().events()).isEqualTo(4);
        assertThat(report.window().labelled()).isEqualTo(1);
        assertThat(report.planVersion()).isEqualTo(3);
        var dir = report.results().stream()
                .filter(r -> r.metric() == dev.aimon.events.Metric.DISPARATE_IMPACT_RATIO)
                .findFirst()
                .orElseThrow();
        assertThat(dir.value()).isEqualTo(0.5); // (1/2) / (2/2)
        assertThat(dir.n()).isEqualTo(2);
        assertThat(dir.referenceN()).isEqualTo(2);

        // Window 0 (e1 F 1, e2 M 1, e3 F 0 labelled 1, e4 M 0) is revised by e1's label: 2 labelled.
        List<Analysis.Closing> revised = monitor.revisions();
        assertThat(revised).hasSize(1);
        WindowReportEvent revision = revised.getFirst().evaluate().report();
        assertThat(revision.window().sequence()).isZero();
        assertThat(revision.window().labelled()).isEqualTo(2);
        assertThat(revision.window().start()).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(revision.window().end()).isEqualTo(Instant.ofEpochSecond(4));
    }

    /** The events before the checkpoint: window 0 closes with e4, window 1 holds e5 and e6. */
    static FairnessMonitor beforeCheckpoint() {
        FairnessMonitor monitor = monitor();
        monitor.plan(PLAN);
        List<Analysis.Closing> closed = new ArrayList<>();
        add(monitor, closed, "e1", "Female", 1, null, 1);
        add(monitor, closed, "e2", "Male", 1, null, 2);
        add(monitor, closed, "e3", "Female", 0, 1, 3);
        add(monitor, closed, "e4", "Male", 0, null, 4);
        add(monitor, closed, "e5", "Female", 1, null, 5);
        add(monitor, closed, "e6", "Male", 1, null, 6);
        closed.forEach(Analysis.Closing::evaluate);
        return monitor;
    }

    /** Writes the golden checkpoint (run once, when a new snapshot format is introduced; never to update it). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of("fairness-service/src/test/resources", GOLDEN);
        Files.createDirectories(file.getParent());
        Files.write(file, beforeCheckpoint().snapshot(Set.of("golden")));
        System.out.println("wrote " + file);
    }

    private static void add(
            FairnessMonitor monitor,
            List<Analysis.Closing> closed,
            String id,
            String sex,
            int prediction,
            Integer label,
            long second) {
        PredictionEvent e = new PredictionEvent(
                1,
                id,
                "golden",
                "1",
                Instant.ofEpochSecond(second),
                Map.of(),
                Map.of("sex", sex),
                prediction,
                null,
                label);
        Layout layout = monitor.layout("golden");
        monitor.add(layout.fill(e, layout.observation()), closed);
    }

    static FairnessMonitor monitor() {
        return new FairnessMonitor(
                new FairnessConfig() {
                    @Override
                    public Duration planWait() {
                        return Duration.ZERO;
                    }

                    @Override
                    public int reportsKept() {
                        return 10;
                    }

                    @Override
                    public int maxGaugeSeries() {
                        return 10;
                    }

                    @Override
                    public int defaultMinGroupSize() {
                        return 1;
                    }

                    @Override
                    public int maxPendingLabels() {
                        return 100;
                    }

                    @Override
                    public Duration labelLateness() {
                        return Duration.ofHours(1);
                    }

                    @Override
                    public int maxRetainedWindows() {
                        return 10;
                    }
                },
                new SimpleMeterRegistry());
    }
}
