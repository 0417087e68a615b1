package dev.aimon.drift.service;

import dev.aimon.analysis.Analysis;
import dev.aimon.analysis.RecentReports;
import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.drift.config.DriftConfig;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.stats.window.ModelWindows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drift monitoring of every model this instance consumes: plans, open windows, the reference (for now each model's
 * first full window under its plan version), the evaluation of each later window, recent reports and gauges.
 */
@ApplicationScoped
public class DriftMonitor implements Analysis {

    private final ModelWindows<FeatureSamples> windows = new ModelWindows<>(p -> new FeatureSamples(p.plan()));
    private final Map<String, Reference> references = new ConcurrentHashMap<>();
    private final DriftEvaluator evaluator;
    private final DriftConfig config;
    private final RecentReports reports;

    private record Reference(int planVersion, FeatureSamples samples) {}

    public DriftMonitor(DriftConfig config, MeterRegistry registry) {
        this.config = config;
        this.evaluator = new DriftEvaluator(config.defaultMinSampleSize(), config.defaultAlpha());
        this.reports = new RecentReports(
                DriftEvaluator.SERVICE,
                config.reportsKept(),
                registry,
                "aimon_drift_value",
                (MetricResult r) -> Tags.of("metric", r.metric().name(), "feature", r.feature()),
                config.maxGaugeSeries());
    }

    @Override
    public String service() {
        return DriftEvaluator.SERVICE;
    }

    @Override
    public void plan(MonitoringPlanEvent plan) {
        windows.plan(plan);
    }

    @Override
    public void deletePlan(String modelId) {
        windows.deletePlan(modelId);
        references.remove(modelId);
        reports.forget(modelId);
    }

    @Override
    public boolean hasPlan(String modelId) {
        return windows.plan(modelId).isPresent();
    }

    @Override
    public Optional<WindowEvaluation> add(PredictionEvent event) {
        return windows.add(event, (samples, e) -> samples.add(e.features())).map(closed -> {
            Reference reference = references.get(event.modelId());
            if (reference == null || reference.planVersion() != closed.plan().planVersion()) {
                references.put(event.modelId(), new Reference(closed.plan().planVersion(), closed.state()));
                reference = null;
            }
            WindowEvaluation evaluation = evaluator.evaluate(
                    closed.plan(),
                    closed.modelVersion(),
                    closed.window(),
                    closed.state(),
                    reference == null ? null : reference.samples(),
                    Instant.now());
            reports.add(evaluation.report());
            return evaluation;
        });
    }

    @Override
    public List<WindowReportEvent> evaluate(
            MonitoringPlanEvent plan, List<PredictionEvent> events, List<PredictionEvent> reference) {
        Instant now = Instant.now();
        FeatureSamples uploaded = null;
        if (!reference.isEmpty()) {
            uploaded = new FeatureSamples(plan.plan());
            for (PredictionEvent e : reference) {
                uploaded.add(e.features());
            }
        }
        List<ModelWindows.Closed<FeatureSamples>> closed =
                ModelWindows.batch(plan, events, p -> new FeatureSamples(p.plan()), (s, e) -> s.add(e.features()));
        List<WindowReportEvent> reports = new ArrayList<>();
        FeatureSamples against = uploaded;
        for (ModelWindows.Closed<FeatureSamples> c : closed) {
            reports.add(evaluator
                    .evaluate(c.plan(), c.modelVersion(), c.window(), c.state(), against, now)
                    .report());
            if (against == null) {
                against = c.state();
            }
        }
        return reports;
    }

    @Override
    public List<WindowReportEvent> recentReports(String modelId, int limit) {
        return reports.newest(modelId, limit);
    }

    @Override
    public Duration planWait() {
        return config.planWait();
    }
}
