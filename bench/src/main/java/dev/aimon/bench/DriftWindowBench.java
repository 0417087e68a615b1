package dev.aimon.bench;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.drift.service.DriftEvaluator;
import dev.aimon.drift.service.DriftProfile;
import dev.aimon.events.FeatureType;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.drift.NumericSample;
import dev.aimon.stats.window.Observation;
import dev.aimon.stats.window.PendingLabels;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The drift window: one event of 50 numeric and 10 categorical features into a window's profile, and evaluating a
 * closed window of 5,000 such events against a reference profile of 5,000. Baselines in the same run: for the
 * update, appending the event to a list of rows (what a tool that keeps the data frame pays); for the evaluation,
 * building the reference profile again from its 5,000 rows before evaluating (what a batch tool pays when it does not
 * reuse the reference's histograms). The state's size at 10⁴, 10⁶ and 10⁸ values of one feature is printed by
 * {@link Memory}.
 */
@State(Scope.Thread)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DriftWindowBench {

    static final int WINDOW = 5000;
    static final int NUMERIC = 50;
    static final int CATEGORICAL = 10;
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final DriftProfile.Limits LIMITS = new DriftProfile.Limits(NumericSample.DEFAULT_LIMIT, 1_000);
    /** drift-service's defaults: 100,000 exact values per feature, 500,000 per window. */
    static final DriftProfile.Limits SERVICE_LIMITS =
            new DriftProfile.Limits(NumericSample.DEFAULT_LIMIT, 1_000, 500_000);

    MonitoringPlanEvent plan;
    PredictionEvent[] events;
    PredictionEvent[] referenceRows;
    DriftProfile profile;
    DriftProfile window;
    DriftProfile reference;
    DriftEvaluator.Reference referenceProfile;
    List<PredictionEvent> rows;
    DriftEvaluator evaluator;
    WindowSummary summary;
    int next;

    @Setup
    public void setUp() {
        List<MonitoringPlan.Feature> features = new ArrayList<>();
        for (int f = 0; f < NUMERIC; f++) {
            features.add(new MonitoringPlan.Feature("x" + f, FeatureType.NUMERIC));
        }
        for (int f = 0; f < CATEGORICAL; f++) {
            features.add(new MonitoringPlan.Feature("c" + f, FeatureType.CATEGORICAL));
        }
        plan = new MonitoringPlanEvent(
                1,
                "bench",
                1,
                T0,
                "bench",
                new MonitoringPlan(
                        "bench",
                        features,
                        List.of(),
                        null,
                        1,
                        new MonitoringPlan.Window(WINDOW, null, null),
                        30,
                        null,
                        null,
                        null));
        SplittableRandom random = new SplittableRandom(42);
        events = events(random, 0.1);
        referenceRows = events(random, 0);
        window = new DriftProfile(plan.plan(), LIMITS);
        reference = new DriftProfile(plan.plan(), LIMITS);
        for (int i = 0; i < WINDOW; i++) {
            window.add(events[i]);
            reference.add(referenceRows[i]);
        }
        referenceProfile = new DriftEvaluator.Reference(reference, reference.sha256(), null);
        evaluator = new DriftEvaluator(30, 0.01);
        summary = new WindowSummary(T0, T0, WINDOW, 0L, 1L);
        newWindow();
    }

    private PredictionEvent[] events(SplittableRandom random, double shift) {
        PredictionEvent[] out = new PredictionEvent[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            Map<String, Object> f = new HashMap<>();
            for (int k = 0; k < NUMERIC; k++) {
                f.put("x" + k, gaussian(random) + (k == 0 ? shift : 0));
            }
            for (int k = 0; k < CATEGORICAL; k++) {
                f.put("c" + k, "v" + random.nextInt(8));
            }
            out[i] = new PredictionEvent(
                    1,
                    "e" + i,
                    "bench",
                    "1",
                    T0.plusMillis(i),
                    f,
                    Map.of(),
                    random.nextInt(2),
                    random.nextDouble(),
                    null);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller, enough for benchmark data.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Setup(Level.Iteration)
    public void newWindow() {
        profile = new DriftProfile(plan.plan(), LIMITS);
        rows = new ArrayList<>();
        next = 0;
    }

    /** One event (60 feature values, a prediction and a score) into the window's profile. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DriftProfile update() {
        profile.add(events[next++ % WINDOW]);
        return profile;
    }

    /** Baseline: the event appended to a list of rows. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<PredictionEvent> baselineStoreRow() {
        if (rows.size() >= 1_000_000) {
            rows.clear();
        }
        rows.add(events[next++ % WINDOW]);
        return rows;
    }

    /**
     * A closed window against the stored reference profile: 60 tests, 4 or 3 distances each, data quality, one
     * Benjamini–Hochberg family (as a revision, so the window's values stay for the next call).
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public WindowEvaluation evaluate() {
        return evaluator.evaluate(plan, "1", summary, window, referenceProfile, 1, T0);
    }

    /** Baseline: the reference profile rebuilt from its 5,000 rows, then the same evaluation. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public WindowEvaluation baselineRebuildReference() {
        DriftProfile rebuilt = new DriftProfile(plan.plan(), LIMITS);
        for (PredictionEvent e : referenceRows) {
            rebuilt.add(e);
        }
        return evaluator.evaluate(
                plan, "1", summary, window, new DriftEvaluator.Reference(rebuilt, "rebuilt", null), 1, T0);
    }

    /**
     * The size of one numeric feature's window state (its {@link NumericSample}, encoded as a checkpoint holds it)
     * after 10⁴, 10⁶ and 10⁸ values, beside the 8 bytes per value of keeping them all. Run: {@code ./aimon jmh-memory}.
     */
    public static final class Memory {

        public static void main(String[] args) {
            NumericSample sample = new NumericSample();
            SplittableRandom random = new SplittableRandom(7);
            long added = 0;
            System.out.printf("%14s %16s %18s%n", "values", "state (bytes)", "all values (bytes)");
            for (long target : new long[] {10_000, 1_000_000, 100_000_000}) {
                long from = added;
                long started = System.nanoTime();
                for (; added < target; added++) {
                    sample.add(random.nextDouble());
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(
                        "%,14d %,16d %,18d   (%.1f M values/s)%n",
                        target, encoded(sample::writeTo), target * Double.BYTES, (target - from) / 1e6 / seconds);
            }
            modelState();
        }

        /**
         * A model's drift state with this bench's 50 numeric and 10 categorical features, at drift-service's defaults
         * (200 closed windows retained for late labels, 100,000 predictions waiting for a label): the open window at
         * 5,000 events and at 200,000 (past the exact-value limit), a closed window as it is retained once evaluated,
         * and the waiting predictions; each as live heap (measured after a full collection, over several copies) and
         * as the bytes a checkpoint writes.
         */
        static void modelState() {
            DriftWindowBench b = new DriftWindowBench();
            b.setUp();
            System.out.printf(
                    "%nA model's drift state: %d numeric and %d categorical features%n", NUMERIC, CATEGORICAL);
            System.out.printf("%-44s %14s %14s%n", "", "heap (bytes)", "encoded (bytes)");
            DriftProfile open = b.window;
            print("open window, 5,000 events", open, 8, () -> b.window.copy());
            DriftProfile big = new DriftProfile(b.plan.plan(), SERVICE_LIMITS);
            for (int i = 0; i < 200_000; i++) {
                big.add(b.events[i % WINDOW]);
            }
            long bigHeap = print("open window, 200,000 events", big, 2, big::copy);
            Supplier<DriftProfile> evaluated = () -> {
                DriftProfile closed = b.window.copy();
                b.evaluator.evaluate(b.plan, "1", b.summary, closed, b.referenceProfile, 0, T0);
                return closed;
            };
            // Each copy evaluated on its own: a retained window holds its own results.
            long closedHeap =
                    print("closed window, retained after its evaluation", evaluated.get(), 16, evaluated::get);
            Observation o = DriftProfile.layout(b.plan.plan()).observation();
            Supplier<Object> pending = () -> {
                PendingLabels p = new PendingLabels(0);
                for (int i = 0; i < 100_000; i++) {
                    p.put(
                            UUID.nameUUIDFromBytes(Integer.toString(i).getBytes())
                                    .toString(),
                            i / WINDOW,
                            i % 2 == 0,
                            0.5,
                            o);
                }
                return p;
            };
            long pendingHeap = heap(4, pending);
            System.out.printf(
                    "%-44s %,14d %,14d%n",
                    "100,000 predictions waiting for a label",
                    pendingHeap,
                    encoded(((PendingLabels) pending.get())::writeTo));
            System.out.printf(
                    "%-44s %,14d%n", "windows: the open one at 200,000 + 200 closed", bigHeap + 200 * closedHeap);
        }

        private interface Encoder {
            void write(DataOutputStream out) throws IOException;
        }

        private static long print(String what, DriftProfile profile, int copies, Supplier<Object> copy) {
            long heap = heap(copies, copy);
            System.out.printf("%-44s %,14d %,14d%n", what, heap, encoded(profile::writeTo));
            return heap;
        }

        static int encoded(Encoder state) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DataOutputStream data = new DataOutputStream(out)) {
                state.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.size();
        }

        /** The live heap one object of {@code make} holds: made {@code copies} times, held, after full collections. */
        static long heap(int copies, Supplier<Object> make) {
            long before = used();
            Object[] held = new Object[copies];
            for (int i = 0; i < copies; i++) {
                held[i] = make.get();
            }
            long after = used();
            if (held[copies - 1] == null) {
                throw new IllegalStateException("nothing made");
            }
            return (after - before) / copies;
        }

        private static long used() {
            Runtime r = Runtime.getRuntime();
            long least = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                System.gc();
                least = Math.min(least, r.totalMemory() - r.freeMemory());
            }
            return least;
        }
    }
}
