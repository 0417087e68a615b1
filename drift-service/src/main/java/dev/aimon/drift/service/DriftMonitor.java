package dev.aimon.drift.service;

import dev.aimon.analysis.RecentReports;
import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.analysis.WindowedAnalysis;
import dev.aimon.drift.config.DriftConfig;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.stats.window.ModelWindows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drift monitoring of every model this instance consumes: windows of feature values, each evaluated against the
 * reference (for now the model's first full window under its plan version).
 */
@Singleton
public class DriftMonitor extends WindowedAnalysis<FeatureSamples> {

    private final Map<String, Reference> references = new ConcurrentHashMap<>();
    private final DriftEvaluator evaluator;

    private record Reference(int planVersion, FeatureSamples samples) implements Serializable {}

    public DriftMonitor(DriftConfig config, MeterRegistry registry) {
        super(
                DriftEvaluator.SERVICE,
                p -> new FeatureSamples(p.plan()),
                ModelWindows.Limits.NO_LABEL_JOIN,
                new RecentReports(
                        DriftEvaluator.SERVICE,
                        config.reportsKept(),
                        registry,
                        "aimon_drift_value",
                        r -> Tags.of("metric", r.metric().name(), "feature", r.feature()),
                        config.maxGaugeSeries()),
                config.planWait());
        this.evaluator = new DriftEvaluator(config.defaultMinSampleSize(), config.defaultAlpha());
    }

    @Override
    protected void update(FeatureSamples samples, PredictionEvent e) {
        samples.add(e.features());
    }

    @Override
    protected WindowEvaluation evaluateWindow(ModelWindows.Closed<FeatureSamples> closed) {
        String modelId = closed.plan().modelId();
        Reference reference = references.get(modelId);
        if (reference == null || reference.planVersion() != closed.plan().planVersion()) {
            references.put(modelId, new Reference(closed.plan().planVersion(), closed.state()));
            reference = null;
        }
        return evaluator.evaluate(
                closed.plan(),
                closed.modelVersion(),
                closed.window(),
                closed.state(),
                reference == null ? null : reference.samples(),
                closed.revision(),
                Instant.now());
    }

    @Override
    protected void forgetModel(String modelId) {
        references.remove(modelId);
    }

    @Override
    protected Serializable modelExtra(String modelId) {
        return references.get(modelId);
    }

    @Override
    protected void restoreModelExtra(String modelId, Serializable extra) {
        references.put(modelId, (Reference) extra);
    }

    @Override
    public List<WindowReportEvent> evaluate(
            MonitoringPlanEvent plan, List<PredictionEvent> events, List<PredictionEvent> reference) {
        Instant now = Instant.now();
        FeatureSamples against = null;
        if (!reference.isEmpty()) {
            against = new FeatureSamples(plan.plan());
            for (PredictionEvent e : reference) {
                update(against, e);
            }
        }
        List<WindowReportEvent> reports = new ArrayList<>();
        for (ModelWindows.Closed<FeatureSamples> c :
                ModelWindows.batch(plan, events, p -> new FeatureSamples(p.plan()), this::update)) {
            reports.add(evaluator
                    .evaluate(c.plan(), c.modelVersion(), c.window(), c.state(), against, 0, now)
                    .report());
            if (against == null) {
                against = c.state();
            }
        }
        return reports;
    }
}
