package dev.aimon.bench;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowSummary;
import dev.aimon.fairness.service.FairnessEvaluator;
import dev.aimon.fairness.service.FairnessState;
import dev.aimon.stats.fairness.AttributeCounts;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.ModelWindows;
import dev.aimon.stats.window.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fairness window: the cost of one event's update, and of evaluating a closed window of 5,000 events with 2
 * protected attributes × 5 groups (4 comparisons each, 7 metrics: 56 results, Benjamini–Hochberg over them). Each
 * figure has a baseline in the same run: for the update, storing the event as a row (what a service that recomputes
 * from stored rows does per event); for the evaluation, recomputing the window's counts from those 5,000 stored rows
 * and then evaluating them (what such a service does per evaluation, as TrustyAI's does on its timer).
 */
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FairnessWindowBench {

    static final int WINDOW = 5000;
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final String[] REGIONS = {"north", "south", "east", "west", "centre"};
    static final String[] AGES = {"18-29", "30-39", "40-49", "50-59", "60+"};

    MonitoringPlanEvent plan;
    PredictionEvent[] events;
    AttributeCounts counts;
    AttributeCounts full;
    ModelWindows<AttributeCounts> windows;
    Observation[] observations;
    final List<ModelWindows.Closed<AttributeCounts>> closed = new ArrayList<>();
    List<PredictionEvent> rows;
    WindowSummary summary;
    FairnessEvaluator evaluator;
    int next;

    @Setup
    public void setUp() {
        plan = new MonitoringPlanEvent(
                1,
                "bench",
                1,
                T0,
                "bench",
                new MonitoringPlan(
                        "bench",
                        List.of(),
                        List.of(
                                new MonitoringPlan.ProtectedAttribute("region", List.of("north")),
                                new MonitoringPlan.ProtectedAttribute("age", List.of("30-39"))),
                        null,
                        1,
                        new MonitoringPlan.Window(WINDOW, null, null),
                        30,
                        null,
                        null,
                        null));
        SplittableRandom random = new SplittableRandom(42);
        events = new PredictionEvent[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            int region = random.nextInt(REGIONS.length);
            int prediction = random.nextDouble() < 0.3 + 0.05 * region ? 1 : 0;
            Integer label = random.nextDouble() < 0.8 ? (random.nextDouble() < 0.35 ? 1 : 0) : null;
            events[i] = new PredictionEvent(
                    1,
                    "e-" + i,
                    "bench",
                    "1",
                    T0.plusMillis(i),
                    Map.of(),
                    Map.of("region", REGIONS[region], "age", AGES[random.nextInt(AGES.length)]),
                    prediction,
                    null,
                    label);
        }
        counts = new AttributeCounts(plan.plan());
        full = new AttributeCounts(plan.plan());
        for (PredictionEvent e : events) {
            full.add(e.attributes(), e.prediction(), e.label());
        }
        windows = new ModelWindows<>(FairnessState.TYPE, new ModelWindows.Limits(100_000, Duration.ofHours(24), 200));
        windows.plan(plan);
        Layout layout = windows.layout(plan.modelId());
        observations = new Observation[events.length];
        for (int i = 0; i < events.length; i++) {
            observations[i] = layout.fill(events[i], layout.observation());
        }
        rows = new ArrayList<>(WINDOW);
        summary = new WindowSummary(T0, T0.plusMillis(WINDOW - 1), WINDOW, full.labelled(), 0L);
        evaluator = new FairnessEvaluator(30);
    }

    private PredictionEvent nextEvent() {
        PredictionEvent e = events[next];
        next = next + 1 == WINDOW ? 0 : next + 1;
        return e;
    }

    /** One event into a window's group counts. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AttributeCounts update() {
        PredictionEvent e = nextEvent();
        if (next == 0) {
            counts = new AttributeCounts(plan.plan());
        }
        counts.add(e.attributes(), e.prediction(), e.label());
        return counts;
    }

    /**
     * One event through the stream's whole window path: its model's window, the pending-label map for the unlabelled
     * ones, closing the window every 5,000 (its evaluation is not included).
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<ModelWindows.Closed<AttributeCounts>> streamUpdate() {
        Observation o = observations[next];
        nextEvent();
        closed.clear();
        windows.add(o, closed);
        return closed;
    }

    /** Baseline: storing the event as a row, to recompute from later. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<PredictionEvent> baselineStoreRow() {
        if (rows.size() == WINDOW) {
            rows.clear();
        }
        rows.add(nextEvent());
        return rows;
    }

    /** The evaluation of a closed window from its counts. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public WindowEvaluation evaluate() {
        return evaluator.evaluate(plan, "1", summary, full, 0, T0);
    }

    /** Baseline: the same evaluation after recomputing the counts from the window's 5,000 stored rows. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public WindowEvaluation baselineRecomputeFromRows() {
        AttributeCounts recomputed = new AttributeCounts(plan.plan());
        for (PredictionEvent e : events) {
            recomputed.add(e.attributes(), e.prediction(), e.label());
        }
        return evaluator.evaluate(plan, "1", summary, recomputed, 0, T0);
    }
}
