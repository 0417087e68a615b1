package dev.aimon.drift.service;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.analysis.WindowedAnalysis;
import dev.aimon.analysis.service.RecentReports;
import dev.aimon.drift.config.DriftConfig;
import dev.aimon.drift.reference.ReferenceStore;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.BreachKind;
import dev.aimon.events.EventIds;
import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.events.WindowSummary;
import dev.aimon.stats.window.Binary;
import dev.aimon.stats.window.ModelWindows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drift monitoring of every model this instance consumes: windows of features, predictions, scores and labels, each
 * evaluated against the model's reference (the newest uploaded profile, or its first full window under the plan
 * version, as the plan says), and the silence of each model against its plan's {@code expectedInterval}.
 */
@Singleton
public class DriftMonitor extends WindowedAnalysis<DriftProfile> {

    private final Map<String, ModelState> models = new ConcurrentHashMap<>();
    private final DriftEvaluator evaluator;
    private final ReferenceStore store;
    private final DriftProfile.Limits limits;
    private final Clock clock;
    private final Instant started;

    /**
     * What drift keeps of a model besides its windows, checkpointed with them.
     *
     * @param firstWindow the reference when the plan may use the first window, with the plan version it was cut under
     * @param gapReported the newest event time when a gap was last reported (one report per silence)
     */
    record ModelState(FirstWindow firstWindow, Instant gapReported) {
        static final ModelState EMPTY = new ModelState(null, null);
    }

    /** A first window kept as the reference: the plan version and window key it was cut under, and its profile. */
    record FirstWindow(int planVersion, long key, DriftProfile profile, String sha256) {}

    @Inject
    public DriftMonitor(DriftConfig config, MeterRegistry registry, ReferenceStore store) {
        this(config, registry, store, Clock.systemUTC());
    }

    DriftMonitor(DriftConfig config, MeterRegistry registry, ReferenceStore store, Clock clock) {
        super(
                DriftEvaluator.SERVICE,
                new DriftState(
                        new DriftProfile.Limits(config.exactValues(), config.maxCategories(), config.windowValues())),
                new ModelWindows.Limits(config.maxPendingLabels(), config.labelLateness(), config.maxRetainedWindows()),
                new RecentReports(
                        DriftEvaluator.SERVICE,
                        config.reportsKept(),
                        registry,
                        "aimon_drift_value",
                        r -> Tags.of("metric", r.metric().name(), "feature", r.feature()),
                        config.maxGaugeSeries()),
                config.planWait());
        this.evaluator = new DriftEvaluator(config.defaultMinSampleSize(), config.defaultAlpha());
        this.store = store;
        this.limits = new DriftProfile.Limits(config.exactValues(), config.maxCategories(), config.windowValues());
        this.clock = clock;
        this.started = clock.instant();
    }

    /** The limits of every profile, the reference's included. */
    public DriftProfile.Limits limits() {
        return limits;
    }

    /**
     * The first window of a plan version that may use it as its reference is chosen as it closes, in stream order and
     * under the lock, so that a checkpoint taken after it holds it.
     */
    @Override
    protected void closed(ModelWindows.Closed<DriftProfile> closed) {
        MonitoringPlanEvent plan = closed.plan();
        MonitoringPlan.Reference source =
                plan.plan().drift() == null ? null : plan.plan().drift().reference();
        if (source == MonitoringPlan.Reference.UPLOADED || closed.revision() > 0) {
            return;
        }
        ModelState state = models.getOrDefault(plan.modelId(), ModelState.EMPTY);
        FirstWindow first = state.firstWindow();
        if (first == null || first.planVersion() != plan.planVersion()) {
            DriftProfile profile = closed.state();
            models.put(
                    plan.modelId(),
                    new ModelState(
                            new FirstWindow(plan.planVersion(), closed.key(), profile, profile.sha256()),
                            state.gapReported()));
        }
    }

    /** Once a window's drift results are known, the window retained for late labels lets its samples go. */
    @Override
    protected void evaluated(ModelWindows.Closed<DriftProfile> closed, WindowEvaluation evaluation) {
        DriftProfile evaluated = closed.state();
        if (evaluated.isReleased()) {
            retained(closed, kept -> {
                if (!kept.isReleased()) {
                    kept.releaseAs(evaluated);
                }
            });
        }
    }

    @Override
    protected WindowEvaluation evaluateWindow(ModelWindows.Closed<DriftProfile> closed) {
        return evaluator.evaluate(
                closed.plan(),
                closed.modelVersion(),
                closed.window(),
                closed.state(),
                reference(closed),
                closed.revision(),
                clock.instant());
    }

    /** The reference of a closed window; null when there is none (the first window, when it is the reference). */
    private DriftEvaluator.Reference reference(ModelWindows.Closed<DriftProfile> closed) {
        MonitoringPlanEvent plan = closed.plan();
        MonitoringPlan.Reference source =
                plan.plan().drift() == null ? null : plan.plan().drift().reference();
        if (source != MonitoringPlan.Reference.FIRST_WINDOW) {
            var uploaded = store.reference(plan.modelId());
            if (uploaded.isPresent() || source == MonitoringPlan.Reference.UPLOADED) {
                return uploaded.orElse(null);
            }
        }
        FirstWindow first =
                models.getOrDefault(plan.modelId(), ModelState.EMPTY).firstWindow();
        if (first == null || first.planVersion() != plan.planVersion() || first.key() == closed.key()) {
            return null;
        }
        return new DriftEvaluator.Reference(first.profile(), first.sha256(), null);
    }

    /**
     * A {@code MONITORING_GAP} for each model whose newest event is older than its plan's {@code expectedInterval}
     * (once per silence; the service must itself have been running that long, so a restart is not taken for a silent
     * model).
     */
    @Override
    protected List<WindowEvaluation> due() {
        Instant now = clock.instant();
        List<WindowEvaluation> gaps = new ArrayList<>();
        for (String modelId : heldModels()) {
            ModelState state = models.getOrDefault(modelId, ModelState.EMPTY);
            var plan = currentPlan(modelId);
            Instant lastEvent = lastEvent(modelId).orElse(null);
            if (plan.isEmpty() || lastEvent == null) {
                continue;
            }
            Duration expected = plan.get().plan().expectedInterval();
            if (expected == null
                    || expected.isZero()
                    || expected.isNegative()
                    || lastEvent.equals(state.gapReported())
                    || Duration.between(started, now).compareTo(expected) <= 0) {
                continue;
            }
            Duration silence = Duration.between(lastEvent, now);
            if (silence.compareTo(expected) > 0) {
                gaps.add(gap(plan.get(), lastEvent, now, silence, expected));
                models.put(modelId, new ModelState(state.firstWindow(), lastEvent));
            }
        }
        return gaps;
    }

    private WindowEvaluation gap(
            MonitoringPlanEvent plan, Instant lastEvent, Instant now, Duration silence, Duration expected) {
        WindowSummary window = new WindowSummary(lastEvent, now, 0, null, null);
        MetricResult result = new MetricResult(
                Metric.SECONDS_SINCE_LAST_EVENT,
                null,
                null,
                null,
                null,
                (double) silence.toSeconds(),
                0L,
                null,
                null,
                null,
                Threshold.atMost(expected.toSeconds()),
                Verdict.BREACH,
                "no event since " + lastEvent + "; the plan expects one at least every " + expected);
        String reportId = EventIds.gapReport(DriftEvaluator.SERVICE, plan.modelId(), plan.planVersion(), lastEvent);
        WindowReportEvent report = new WindowReportEvent(
                WindowReportEvent.SCHEMA_VERSION,
                reportId,
                DriftEvaluator.SERVICE,
                plan.modelId(),
                null,
                plan.planVersion(),
                window,
                List.of(result),
                now,
                null);
        BreachEvent breach = new BreachEvent(
                BreachEvent.SCHEMA_VERSION,
                EventIds.breach(reportId, result),
                reportId,
                DriftEvaluator.SERVICE,
                BreachKind.MONITORING_GAP,
                plan.modelId(),
                null,
                plan.planVersion(),
                window,
                result,
                now,
                null);
        return new WindowEvaluation(report, List.of(breach));
    }

    @Override
    protected void forgetModel(String modelId) {
        models.remove(modelId);
    }

    /** Format of a model's extra state in a checkpoint: the first window, then the gap last reported. */
    private static final int EXTRA_FORMAT = 1;

    @Override
    protected boolean writeExtra(String modelId, DataOutput out) throws IOException {
        ModelState state = models.get(modelId);
        if (state == null) {
            return false;
        }
        out.writeByte(EXTRA_FORMAT);
        FirstWindow first = state.firstWindow();
        out.writeBoolean(first != null);
        if (first != null) {
            out.writeInt(first.planVersion());
            out.writeLong(first.key());
            Binary.writeString(out, first.sha256());
            first.profile().writeTo(out);
        }
        out.writeLong(
                state.gapReported() == null
                        ? Long.MIN_VALUE
                        : state.gapReported().toEpochMilli());
        return true;
    }

    @Override
    protected void readExtra(String modelId, DataInput in) throws IOException {
        Binary.expect(in, EXTRA_FORMAT, "drift's model state, format " + EXTRA_FORMAT);
        FirstWindow first = null;
        if (in.readBoolean()) {
            int planVersion = in.readInt();
            long key = in.readLong();
            String sha256 = Binary.readString(in);
            first = new FirstWindow(planVersion, key, DriftProfile.readFrom(in), sha256);
        }
        long gap = in.readLong();
        models.put(modelId, new ModelState(first, gap == Long.MIN_VALUE ? null : Instant.ofEpochMilli(gap)));
    }

    @Override
    public List<WindowReportEvent> evaluate(
            MonitoringPlanEvent plan, List<PredictionEvent> events, List<PredictionEvent> reference) {
        return evaluator.evaluateBatch(plan, events, reference, limits, clock.instant());
    }
}
