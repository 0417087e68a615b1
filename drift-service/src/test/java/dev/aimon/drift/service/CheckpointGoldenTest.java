package dev.aimon.drift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.analysis.Analysis;
import dev.aimon.drift.config.DriftConfig;
import dev.aimon.drift.reference.ReferenceStore;
import dev.aimon.events.FeatureType;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint written by each version of the format ({@code golden/drift-checkpoint-v2.bin}, drift profiles of format
 * 1; {@code v3}, of format 2, whose released results are compact, written once by {@link #main}) must be read by every
 * later version. It holds a first window kept as the reference, an open window and predictions that
 * wait for labels; the test restores it and checks that the stream goes on as it would have.
 */
class CheckpointGoldenTest {

    static final String GOLDEN = "golden/drift-checkpoint-v3.bin";
    static final MonitoringPlanEvent PLAN = new MonitoringPlanEvent(
            1,
            "golden",
            2,
            Instant.parse("2026-12-01T00:00:00Z"),
            "test",
            new MonitoringPlan(
                    "golden",
                    List.of(new MonitoringPlan.Feature("x", FeatureType.NUMERIC)),
                    List.of(),
                    null,
                    1,
                    new MonitoringPlan.Window(3, null, null),
                    1,
                    null,
                    new MonitoringPlan.Drift(0.05, MonitoringPlan.Reference.FIRST_WINDOW, null),
                    null));

    @ParameterizedTest
    @ValueSource(strings = {"golden/drift-checkpoint-v2.bin", GOLDEN})
    void aCheckpointOfThisVersionIsReadAndTheStreamGoesOnFromIt(String file) throws IOException {
        DriftMonitor monitor = monitor();
        monitor.plan(PLAN);
        byte[] golden;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
            assertThat(in).as(file + " is on the test class path").isNotNull();
            golden = in.readAllBytes();
        }
        assertThat(monitor.restore(golden)).containsExactly("golden");

        assertThat(monitor.label("golden", "e2", 1)).isEqualTo(ModelWindows.LabelMatch.CLOSED_WINDOW);
        assertThat(monitor.label("golden", "e4", 0)).isEqualTo(ModelWindows.LabelMatch.OPEN_WINDOW);
        List<Analysis.Closing> closed = new ArrayList<>();
        add(monitor, closed, "e6", 6, 6);

        // Window 1 holds 4, 5 and 6; the reference (the first window) 1, 2 and 3: the two distribution functions do
        // not overlap, so the KS distance is 1 (hand-worked).
        assertThat(closed).hasSize(1);
        WindowReportEvent report = closed.getFirst().evaluate().report();
        assertThat(report.window().sequence()).isEqualTo(1L);
        assertThat(report.referenceHash()).isNotNull();
        MetricResult ks = report.results().stream()
                .filter(r -> r.metric() == Metric.KS && "x".equals(r.feature()))
                .findFirst()
                .orElseThrow();
        assertThat(ks.value()).isEqualTo(1.0);
        assertThat(ks.n()).isEqualTo(3);
        assertThat(ks.referenceN()).isEqualTo(3);

        // The first window is revised by e2's label: e1 labelled inline, e2 now.
        List<Analysis.Closing> revised = monitor.revisions();
        assertThat(revised).hasSize(1);
        assertThat(revised.getFirst().evaluate().report().window().labelled()).isEqualTo(2);
    }

    static DriftMonitor beforeCheckpoint() {
        DriftMonitor monitor = monitor();
        monitor.plan(PLAN);
        List<Analysis.Closing> closed = new ArrayList<>();
        add(monitor, closed, "e1", 1, 1);
        add(monitor, closed, "e2", 2, 2);
        add(monitor, closed, "e3", 3, 3);
        add(monitor, closed, "e4", 4, 4);
        add(monitor, closed, "e5", 5, 5);
        closed.forEach(Analysis.Closing::evaluate);
        return monitor;
    }

    /** Writes the golden checkpoint (run once, when a new snapshot format is introduced; never to update it). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of("drift-service/src/test/resources", GOLDEN);
        Files.createDirectories(file.getParent());
        Files.write(file, beforeCheckpoint().snapshot(Set.of("golden")));
        System.out.println("wrote " + file);
    }

    private static void add(DriftMonitor monitor, List<Analysis.Closing> closed, String id, double x, long second) {
        PredictionEvent e = new PredictionEvent(
                1,
                id,
                "golden",
                "1",
                Instant.ofEpochSecond(second),
                Map.of("x", x),
                Map.of(),
                1,
                0.5,
                id.equals("e1") ? 1 : null);
        Layout layout = monitor.layout("golden");
        monitor.add(layout.fill(e, layout.observation()), closed);
    }

    static DriftMonitor monitor() {
        return new DriftMonitor(
                new DriftConfig() {
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
                        return 50;
                    }

                    @Override
                    public int defaultMinSampleSize() {
                        return 1;
                    }

                    @Override
                    public double defaultAlpha() {
                        return 0.05;
                    }

                    @Override
                    public int exactValues() {
                        return 1000;
                    }

                    @Override
                    public int windowValues() {
                        return 500_000;
                    }

                    @Override
                    public int maxCategories() {
                        return 100;
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

                    @Override
                    public int maxReferenceRows() {
                        return 1000;
                    }
                },
                new SimpleMeterRegistry(),
                new ReferenceStore(null));
    }
}
