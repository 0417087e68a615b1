package dev.aimon.fairness.service;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.analysis.WindowedAnalysis;
import dev.aimon.analysis.service.RecentReports;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.fairness.config.FairnessConfig;
import dev.aimon.stats.fairness.AttributeCounts;
import dev.aimon.stats.window.ModelWindows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/** Fairness monitoring of every model this instance consumes: windows of group counts, evaluated as they close. */
@Singleton
public class FairnessMonitor extends WindowedAnalysis<AttributeCounts> {

    private final FairnessEvaluator evaluator;

    public FairnessMonitor(FairnessConfig config, MeterRegistry registry) {
        super(
                FairnessEvaluator.SERVICE,
                FairnessState.TYPE,
                new ModelWindows.Limits(config.maxPendingLabels(), config.labelLateness(), config.maxRetainedWindows()),
                new RecentReports(
                        FairnessEvaluator.SERVICE,
                        config.reportsKept(),
                        registry,
                        "aimon_fairness_value",
                        r -> Tags.of("metric", r.metric().name(), "attribute", r.attribute(), "group", r.group()),
                        config.maxGaugeSeries()),
                config.planWait());
        this.evaluator = new FairnessEvaluator(config.defaultMinGroupSize());
    }

    @Override
    protected WindowEvaluation evaluateWindow(ModelWindows.Closed<AttributeCounts> closed) {
        WindowEvaluation evaluation = evaluator.evaluate(
                closed.plan(),
                closed.modelVersion(),
                closed.window(),
                closed.state(),
                closed.revision(),
                Instant.now());
        WindowReportEvent report = evaluation.report();
        for (MetricResult r : report.results()) {
            Tags group = Tags.of("model", report.modelId(), "attribute", r.attribute(), "group", r.group());
            reports()
                    .gauge(
                            report.modelId(),
                            "aimon_fairness_group_size",
                            group,
                            r.n() == null ? null : r.n().doubleValue());
        }
        return evaluation;
    }

    @Override
    public List<WindowReportEvent> evaluate(
            MonitoringPlanEvent plan, List<PredictionEvent> events, List<PredictionEvent> reference) {
        return evaluator.evaluateBatch(plan, events, Instant.now());
    }
}
