package dev.aimon.fairness.service;

import dev.aimon.analysis.Analysis;
import dev.aimon.analysis.RecentReports;
import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.fairness.config.FairnessConfig;
import dev.aimon.stats.fairness.AttributeCounts;
import dev.aimon.stats.window.ModelWindows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fairness monitoring of every model this instance consumes: plans, open windows (counts only), the evaluation of
 * each closed window, the recent reports and the Prometheus gauges.
 */
@ApplicationScoped
public class FairnessMonitor implements Analysis {

    private final ModelWindows<AttributeCounts> windows = new ModelWindows<>(p -> new AttributeCounts(p.plan()));
    private final FairnessEvaluator evaluator;
    private final FairnessConfig config;
    private final RecentReports reports;

    public FairnessMonitor(FairnessConfig config, MeterRegistry registry) {
        this.config = config;
        this.evaluator = new FairnessEvaluator(config.defaultMinGroupSize());
        this.reports = new RecentReports(
                FairnessEvaluator.SERVICE,
                config.reportsKept(),
                registry,
                "aimon_fairness_value",
                FairnessMonitor::labels,
                config.maxGaugeSeries());
    }

    @Override
    public String service() {
        return FairnessEvaluator.SERVICE;
    }

    @Override
    public void plan(MonitoringPlanEvent plan) {
        windows.plan(plan);
    }

    @Override
    public void deletePlan(String modelId) {
        windows.deletePlan(modelId);
        reports.forget(modelId);
    }

    @Override
    public boolean hasPlan(String modelId) {
        return windows.plan(modelId).isPresent();
    }

    @Override
    public Optional<WindowEvaluation> add(PredictionEvent event) {
        return windows.add(event, FairnessMonitor::count).map(closed -> {
            WindowEvaluation evaluation = evaluator.evaluate(
                    closed.plan(), closed.modelVersion(), closed.window(), closed.state(), Instant.now());
            remember(evaluation.report());
            return evaluation;
        });
    }

    @Override
    public List<WindowReportEvent> evaluate(
            MonitoringPlanEvent plan, List<PredictionEvent> events, List<PredictionEvent> reference) {
        Instant now = Instant.now();
        return ModelWindows.batch(plan, events, p -> new AttributeCounts(p.plan()), FairnessMonitor::count).stream()
                .map(c -> evaluator
                        .evaluate(c.plan(), c.modelVersion(), c.window(), c.state(), now)
                        .report())
                .toList();
    }

    @Override
    public List<WindowReportEvent> recentReports(String modelId, int limit) {
        return reports.newest(modelId, limit);
    }

    @Override
    public Duration planWait() {
        return config.planWait();
    }

    private void remember(WindowReportEvent report) {
        reports.add(report);
        for (MetricResult r : report.results()) {
            Tags group = Tags.of("model", report.modelId(), "attribute", r.attribute(), "group", r.group());
            reports.gauge(
                    report.modelId(), "aimon_fairness_group_size", group, r.n() == null ? null : r.n().doubleValue());
        }
    }

    private static void count(AttributeCounts counts, PredictionEvent e) {
        counts.add(e.attributes(), e.prediction(), e.label());
    }

    private static Tags labels(MetricResult r) {
        return Tags.of("metric", r.metric().name(), "attribute", r.attribute(), "group", r.group());
    }
}
