package dev.aimon.drift.service;

import dev.aimon.analysis.RecentReports;
import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.analysis.WindowedAnalysis;
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
import dev.aimon.stats.window.ModelWindows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.Serial;
import java.io.Serializable;
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
     * @param firstWindow the reference when the plan asks for the first window, with the plan version it was cut under
     * @param lastEvent the newest event time seen
     * @param gapReported the newest event time when a gap was last reported (one report per silence)
     */
    record ModelState(FirstWindow firstWindow, Instant lastEvent, Instant gapReported) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static final ModelState EMPTY = new ModelState(null, null, null);
    }

    /** A first window used as the reference. */
    record FirstWindow(int planVersion, DriftProfile profile, String sha256) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    @Inject
    public DriftMonitor(DriftConfig config, MeterRegistry registry, ReferenceStore store) {
        this(config, registry, store, Clock.systemUTC());
    }

    DriftMonitor(DriftConfig config, MeterRegistry registry, ReferenceStore store, Clock clock) {
        super(
                DriftEvaluator.SERVICE,
                p -> new DriftProfile(p.plan(), new DriftProfile.Limits(config.exactValues(), config.maxCategories())),
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
        this.limits = new DriftProfile.Limits(config.exactValues(), config.maxCategories());
        this.clock = clock;
        this.started = clock.instant();
    }

    /** The limits of every profile, the reference's included. */
    public DriftProfile.Limits limits() {
        return limits;
    }

    @Override
    protected void update(DriftProfile profile, PredictionEvent e) {
        profile.add(e);
        models.compute(e.modelId(), (id, s) -> {
            ModelState state = s == null ? ModelState.EMPTY : s;
            if (state.lastEvent() == null || e.timestamp().isAfter(state.lastEvent())) {
                return new ModelState(state.firstWindow(), e.timestamp(), state.gapReported());
            }
            return state;
        });
    }

    @Override
    protected void label(DriftProfile profile, ModelWindows.Unlabelled prediction, Object label) {
        profile.label(prediction.prediction(), prediction.score(), label);
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

    /** The reference of a closed window; null when there is none yet (the first window, when it becomes it). */
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
        ModelState state = models.getOrDefault(plan.modelId(), ModelState.EMPTY);
        FirstWindow first = state.firstWindow();
        if (first == null || first.planVersion() != plan.planVersion()) {
            if (closed.revision() > 0) {
                return null;
            }
            first = new FirstWindow(
                    plan.planVersion(), closed.state(), closed.state().sha256());
            FirstWindow chosen = first;
            models.compute(
                    plan.modelId(),
                    (id, s) -> s == null
                            ? new ModelState(chosen, null, null)
                            : new ModelState(chosen, s.lastEvent(), s.gapReported()));
            return null;
        }
        if (first.profile() == closed.state()) {
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
        models.forEach((modelId, state) -> {
            var plan = currentPlan(modelId);
            if (plan.isEmpty() || state.lastEvent() == null) {
                return;
            }
            Duration expected = plan.get().plan().expectedInterval();
            if (expected == null
                    || expected.isZero()
                    || expected.isNegative()
                    || state.lastEvent().equals(state.gapReported())
                    || Duration.between(started, now).compareTo(expected) <= 0) {
                return;
            }
            Duration silence = Duration.between(state.lastEvent(), now);
            if (silence.compareTo(expected) > 0) {
                gaps.add(gap(plan.get(), state.lastEvent(), now, silence, expected));
                models.put(modelId, new ModelState(state.firstWindow(), state.lastEvent(), state.lastEvent()));
            }
        });
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

    @Override
    protected Serializable modelExtra(String modelId) {
        return models.get(modelId);
    }

    @Override
    protected void restoreModelExtra(String modelId, Serializable extra) {
        models.put(modelId, (ModelState) extra);
    }

    @Override
    public List<WindowReportEvent> evaluate(
            MonitoringPlanEvent plan, List<PredictionEvent> events, List<PredictionEvent> reference) {
        return evaluator.evaluateBatch(plan, events, reference, limits, clock.instant());
    }
}
