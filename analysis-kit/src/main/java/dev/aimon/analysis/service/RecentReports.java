package dev.aimon.analysis.service;

import dev.aimon.events.BreachEvent;
import dev.aimon.events.MetricResult;
import dev.aimon.events.WindowReportEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The newest window reports of each model (a bounded number), and the Prometheus view of them: a counter of closed
 * windows, one gauge per result, labelled only with bounded values (model, metric, attribute, group, feature), and the
 * bounds of each metric ({@code aimon_fairness_bound}, {@code aimon_drift_bound}, label {@code bound} lower or upper).
 */
public final class RecentReports {

    private final String service;
    private final int kept;
    private final MeterRegistry registry;
    private final String gaugeName;
    private final String boundName;
    private final Function<MetricResult, Tags> gaugeTags;
    private final Map<String, Deque<WindowReportEvent>> reports = new ConcurrentHashMap<>();
    private final int maxSeriesPerModel;
    private final Map<Tags, AtomicReference<Double>> values = new ConcurrentHashMap<>();
    private final Map<String, Set<Tags>> seriesByModel = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastEvent = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastReport = new ConcurrentHashMap<>();
    private final Map<Tags, AtomicLong> lastBreach = new ConcurrentHashMap<>();

    /**
     * @param gaugeName the gauge of each result's value, such as {@code aimon_fairness_value}
     * @param gaugeTags the labels of a result's gauge besides {@code model}
     * @param maxSeriesPerModel the most gauge series one model may have; results past it stay in the reports only
     */
    public RecentReports(
            String service,
            int kept,
            MeterRegistry registry,
            String gaugeName,
            Function<MetricResult, Tags> gaugeTags,
            int maxSeriesPerModel) {
        this.maxSeriesPerModel = maxSeriesPerModel;
        this.service = service;
        this.kept = kept;
        this.registry = registry;
        this.gaugeName = gaugeName;
        this.boundName = gaugeName.replaceFirst("_value$", "") + "_bound";
        this.gaugeTags = gaugeTags;
    }

    /** Keeps a new report and updates the metrics. */
    public void add(WindowReportEvent report) {
        Deque<WindowReportEvent> deque = reports.computeIfAbsent(report.modelId(), m -> new ArrayDeque<>());
        synchronized (deque) {
            deque.addFirst(report);
            while (deque.size() > kept) {
                deque.removeLast();
            }
        }
        registry.counter("aimon_windows_closed", "model", report.modelId(), "service", service)
                .increment();
        timestamp(
                        lastReport,
                        "aimon_last_window_report_timestamp_seconds",
                        "wall-clock time at which the newest window report of the model was made",
                        report.modelId())
                .set(System.currentTimeMillis());
        for (MetricResult r : report.results()) {
            gauge(
                    report.modelId(),
                    gaugeName,
                    Tags.of("model", report.modelId()).and(gaugeTags.apply(r)),
                    r.value());
            // The bounds beside the values, for dashboards: one series per model, metric and side.
            if (r.threshold() != null) {
                Tags bound =
                        Tags.of("model", report.modelId(), "metric", r.metric().name());
                gauge(
                        report.modelId(),
                        boundName,
                        bound.and("bound", "lower"),
                        r.threshold().lower());
                gauge(
                        report.modelId(),
                        boundName,
                        bound.and("bound", "upper"),
                        r.threshold().upper());
            }
        }
    }

    /**
     * Counts the breaches of a window by kind and metric ({@code aimon_breaches_total}) and records when the newest of
     * each was found ({@code aimon_last_breach_timestamp_seconds}): the alert rules use the time, which needs no prior
     * sample, unlike the increase of a counter that appears with its first breach.
     */
    public void breaches(String modelId, List<BreachEvent> breaches) {
        for (BreachEvent b : breaches) {
            Tags tags = Tags.of(
                    "model",
                    modelId,
                    "service",
                    service,
                    "kind",
                    b.kind().name(),
                    "metric",
                    b.result().metric().name());
            registry.counter("aimon_breaches", tags).increment();
            lastBreach
                    .computeIfAbsent(tags, t -> {
                        AtomicLong value = new AtomicLong();
                        Gauge.builder("aimon_last_breach_timestamp_seconds", value, v -> v.get() / 1000.0)
                                .description("when the newest breach of this kind and metric was found")
                                .tags(t)
                                .register(registry);
                        return value;
                    })
                    .accumulateAndGet(b.detectedAt().toEpochMilli(), Math::max);
        }
    }

    /**
     * Records the event time of a model's newest event ({@code aimon_last_event_timestamp_seconds}): the stale-stream
     * alert compares it with the clock.
     */
    public void lastEvent(String modelId, long epochMillis) {
        AtomicLong newest = timestamp(
                lastEvent,
                "aimon_last_event_timestamp_seconds",
                "event time of the newest prediction of the model",
                modelId);
        if (epochMillis > newest.get()) {
            newest.accumulateAndGet(epochMillis, Math::max);
        }
    }

    /**
     * A model's gauge of a time in epoch milliseconds, in seconds (NaN until one is set), registered the first time
     * it is asked for and held in {@code byModel}.
     */
    private AtomicLong timestamp(Map<String, AtomicLong> byModel, String name, String description, String modelId) {
        return byModel.computeIfAbsent(modelId, m -> {
            AtomicLong value = new AtomicLong(Long.MIN_VALUE);
            Gauge.builder(name, value, v -> v.get() == Long.MIN_VALUE ? Double.NaN : v.get() / 1000.0)
                    .description(description)
                    .tags("model", m, "service", service)
                    .register(registry);
            return value;
        });
    }

    /** Counts an event that came too late for its time window, which had closed: it is in no report. */
    public void lateEvent(String modelId) {
        registry.counter("aimon_events_late", "model", modelId, "service", service)
                .increment();
    }

    /**
     * Sets a gauge of a model, registering it on first use (a null value shows as NaN); a new series past the model's
     * limit is not registered.
     */
    public void gauge(String modelId, String name, Tags tags, Double value) {
        Tags key = tags.and("__name", name);
        Set<Tags> series = seriesByModel.computeIfAbsent(modelId, m -> ConcurrentHashMap.newKeySet());
        if (!series.contains(key)) {
            if (series.size() >= maxSeriesPerModel) {
                return;
            }
            series.add(key);
        }
        values.computeIfAbsent(key, t -> {
                    AtomicReference<Double> holder = new AtomicReference<>();
                    Gauge.builder(name, holder, h -> h.get() == null ? Double.NaN : h.get())
                            .tags(tags)
                            .register(registry);
                    return holder;
                })
                .set(value);
    }

    /** The newest reports of a model, newest first. */
    public List<WindowReportEvent> newest(String modelId, int limit) {
        Deque<WindowReportEvent> deque = reports.get(modelId);
        if (deque == null) {
            return List.of();
        }
        synchronized (deque) {
            return deque.stream().limit(limit).toList();
        }
    }

    /** Forgets a model's reports and removes its gauges. */
    public void forget(String modelId) {
        reports.remove(modelId);
        seriesByModel.remove(modelId);
        lastEvent.remove(modelId);
        lastBreach
                .keySet()
                .removeIf(tags -> modelId.equals(tags.stream()
                        .filter(t -> t.getKey().equals("model"))
                        .findFirst()
                        .map(io.micrometer.core.instrument.Tag::getValue)
                        .orElse(null)));
        registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("aimon_")
                        && modelId.equals(m.getId().getTag("model")))
                .filter(m -> !m.getId().getName().equals("aimon_windows_closed"))
                .forEach(registry::remove);
        values.keySet()
                .removeIf(tags -> tags.stream()
                        .anyMatch(
                                t -> t.getKey().equals("model") && t.getValue().equals(modelId)));
    }
}
