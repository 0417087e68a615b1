package dev.aimon.drift.service;

import dev.aimon.drift.config.DriftConfig;
import dev.aimon.drift.service.DriftEvaluator.Evaluation;
import dev.aimon.events.MetricResult;
import dev.aimon.events.MonitoringPlanEvent;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.WindowReportEvent;
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
 * Drift monitoring of every model this instance consumes: plans, open windows, the reference (for now each model's
 * first full window under its plan version), the evaluation of each later window, recent reports and gauges.
 */
@ApplicationScoped
public class DriftMonitor {

    private final ModelWindows<FeatureSamples> windows = new ModelWindows<>(p -> new FeatureSamples(p.plan()));
    private final Map<String, Reference> references = new ConcurrentHashMap<>();
    private final DriftEvaluator evaluator;
    private final DriftConfig config;
    private final MeterRegistry registry;
    private final Map<String, Deque<WindowReportEvent>> recent = new ConcurrentHashMap<>();
    private final Map<Tags, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    private record Reference(int planVersion, FeatureSamples samples) {}

    public DriftMonitor(DriftConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.evaluator = new DriftEvaluator(config.defaultMinSampleSize(), config.defaultAlpha());
    }

    public void plan(MonitoringPlanEvent plan) {
        windows.plan(plan);
    }

    /** Forgets a model: its plan, reference, reports and gauges. */
    public void deletePlan(String modelId) {
        windows.deletePlan(modelId);
        references.remove(modelId);
        recent.remove(modelId);
        registry.find("aimon_drift_value").tag("model", modelId).meters().forEach(registry::remove);
        gauges.keySet()
                .removeIf(tags -> tags.stream()
                        .anyMatch(
                                t -> t.getKey().equals("model") && t.getValue().equals(modelId)));
    }

    public boolean hasPlan(String modelId) {
        return windows.plan(modelId).isPresent();
    }

    /** Adds one prediction; returns the evaluation of the window it closed, if it closed one. */
    public Optional<Evaluation> add(PredictionEvent event) {
        return windows.add(event, (samples, e) -> samples.add(e.features())).map(closed -> {
            Reference reference = references.get(event.modelId());
            if (reference == null || reference.planVersion() != closed.plan().planVersion()) {
                references.put(event.modelId(), new Reference(closed.plan().planVersion(), closed.state()));
                reference = null;
            }
            Evaluation evaluation = evaluator.evaluate(
                    closed.plan(),
                    closed.modelVersion(),
                    closed.window(),
                    closed.state(),
                    reference == null ? null : reference.samples(),
                    Instant.now());
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
        registry.counter("aimon_windows_closed", "model", report.modelId(), "service", DriftEvaluator.SERVICE)
                .increment();
        for (MetricResult r : report.results()) {
            Tags tags = Tags.of("model", report.modelId(), "metric", r.metric().name(), "feature", r.feature());
            gauges.computeIfAbsent(tags, t -> {
                        AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
                        Gauge.builder("aimon_drift_value", holder, h -> h.get() == null ? Double.NaN : h.get())
                                .tags(t)
                                .register(registry);
                        return holder;
                    })
                    .set(r.value());
        }
    }
}
