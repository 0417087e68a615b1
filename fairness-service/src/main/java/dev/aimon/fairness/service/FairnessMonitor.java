package dev.aimon.fairness.service;

import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.fairness.config.FairnessConfig;
import dev.aimon.fairness.service.FairnessEvaluator.Evaluation;
import dev.aimon.stats.fairness.AttributeCounts;
import dev.aimon.stats.window.ModelWindows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fairness monitoring of every model this instance consumes: plans, open windows (counts only), the evaluation of
 * each closed window, the recent reports, and the Prometheus gauges.
 */
@ApplicationScoped
public class FairnessMonitor {

    private final ModelWindows<AttributeCounts> windows = new ModelWindows<>(p -> new AttributeCounts(p.plan()));
    private final FairnessEvaluator evaluator;
    private final FairnessConfig config;
    private final MeterRegistry registry;
    private final Map<String, Deque<WindowReportEvent>> recent = new ConcurrentHashMap<>();
    private final Map<Tags, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    public FairnessMonitor(FairnessConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.evaluator = new FairnessEvaluator(config.defaultMinGroupSize());
    }

    public void plan(MonitoringPlanEvent plan) {
        windows.plan(plan);
    }

    /** Forgets a model: its plan, its reports and its gauges. */
    public void deletePlan(String modelId) {
        windows.deletePlan(modelId);
        recent.remove(modelId);
        for (String name : List.of("aimon_fairness_value", "aimon_fairness_group_size")) {
            registry.find(name).tag("model", modelId).meters().forEach(registry::remove);
        }
        gauges.keySet()
                .removeIf(tags -> modelId.equals(tags.stream()
                        .filter(t -> t.getKey().equals("model"))
                        .findFirst()
                        .map(t -> t.getValue())
                        .orElse(null)));
    }

    public boolean hasPlan(String modelId) {
        return windows.plan(modelId).isPresent();
    }

    /** Counts one prediction; returns the evaluation of the window it closed, if it closed one. */
    public Optional<Evaluation> add(PredictionEvent event) {
        return windows.add(event, (counts, e) -> counts.add(e.attributes(), e.prediction(), e.label()))
                .map(closed -> {
                    Evaluation evaluation = evaluator.evaluate(
                            closed.plan(), closed.modelVersion(), closed.window(), closed.state(), Instant.now());
                    remember(evaluation.report());
                    return evaluation;
                });
    }

    /** The newest reports of a model, newest first. */
    public List<WindowReportEvent> recentReports(String modelId, int limit) {
        Deque<WindowReportEvent> reports = recent.get(modelId);
        if (reports == null) {
            return List.of();
        }
        synchronized (reports) {
            return reports.stream().limit(limit).toList();
        }
    }

    private void remember(WindowReportEvent report) {
        Deque<WindowReportEvent> reports = recent.computeIfAbsent(report.modelId(), m -> new ArrayDeque<>());
        synchronized (reports) {
            reports.addFirst(report);
            while (reports.size() > config.reportsKept()) {
                reports.removeLast();
            }
        }
        registry.counter("aimon_windows_closed", "model", report.modelId(), "service", FairnessEvaluator.SERVICE)
                .increment();
        for (MetricResult r : report.results()) {
            Tags group = Tags.of("model", report.modelId(), "attribute", r.attribute(), "group", r.group());
            gauge("aimon_fairness_value", group.and("metric", r.metric().name()), r.value());
            gauge("aimon_fairness_group_size", group, r.n() == null ? null : r.n().doubleValue());
        }
    }

    private void gauge(String name, Tags tags, Double value) {
        gauges.computeIfAbsent(tags.and("name", name), t -> {
                    AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
                    Gauge.builder(name, holder, h -> h.get() == null ? Double.NaN : h.get())
                            .tags(tags)
                            .register(registry);
                    return holder;
                })
                .set(value);
    }
}
