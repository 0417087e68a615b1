package dev.aimon.incident.console;

import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.incident.console.ConsoleResource.Chart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A model's charts from its window reports: one per fairness metric and protected attribute (a line per group), one per
 * drift statistic (a line per feature) and one per performance metric, each with its bounds drawn and its numbers
 * in a table. Values resting on too little data (INSUFFICIENT_EVIDENCE) are left out, as the verdicts leave them.
 */
final class ModelCharts {

    static final List<Metric> FAIRNESS = List.of(Metric.DISPARATE_IMPACT_RATIO, Metric.STATISTICAL_PARITY_DIFFERENCE);
    static final List<Metric> DRIFT = List.of(Metric.KS, Metric.PSI, Metric.JENSEN_SHANNON);
    static final List<Metric> PERFORMANCE =
            List.of(Metric.ACCURACY, Metric.PRECISION, Metric.RECALL, Metric.F1, Metric.AUC);

    private ModelCharts() {}

    static List<Chart> fairness(List<WindowReportEvent> reports) {
        List<Chart> charts = new ArrayList<>();
        for (Metric metric : FAIRNESS) {
            Set<String> attributes = new LinkedHashSet<>();
            for (WindowReportEvent r : reports) {
                r.results().stream().filter(m -> m.metric() == metric).forEach(m -> attributes.add(m.attribute()));
            }
            for (String attribute : attributes) {
                charts.add(chart(
                        metric.name() + " of " + attribute + " (each group against " + privileged(reports, attribute)
                                + ")",
                        reports,
                        m -> m.metric() == metric && attribute.equals(m.attribute()),
                        MetricResult::group));
            }
        }
        return charts;
    }

    static List<Chart> drift(List<WindowReportEvent> reports) {
        List<Chart> charts = new ArrayList<>();
        for (Metric metric : DRIFT) {
            charts.add(chart(
                    metric.name() + " per feature, against the reference",
                    reports,
                    m -> m.metric() == metric,
                    MetricResult::feature));
        }
        for (Metric metric : PERFORMANCE) {
            charts.add(chart(
                    metric.name() + " (the reference's value less the allowed drop is the bound)",
                    reports,
                    m -> m.metric() == metric,
                    m -> metric.name()));
        }
        charts.removeIf(c -> c.rows().isEmpty());
        return charts;
    }

    private static String privileged(List<WindowReportEvent> reports, String attribute) {
        return reports.stream()
                .flatMap(r -> r.results().stream())
                .filter(m -> attribute.equals(m.attribute()) && m.referenceGroup() != null)
                .map(MetricResult::referenceGroup)
                .findFirst()
                .orElse("the privileged group");
    }

    private static Chart chart(
            String title,
            List<WindowReportEvent> reports,
            Predicate<MetricResult> which,
            Function<MetricResult, String> seriesOf) {
        Map<String, List<SvgChart.Point>> series = new TreeMap<>();
        Map<Instant, Map<String, String>> table = new TreeMap<>();
        Threshold bounds = null;
        for (WindowReportEvent r : reports) {
            Instant at = r.window().end();
            for (MetricResult m : r.results()) {
                if (!which.test(m) || m.value() == null || m.verdict() == Verdict.INSUFFICIENT_EVIDENCE) {
                    continue;
                }
                String name = seriesOf.apply(m);
                series.computeIfAbsent(name, k -> new ArrayList<>()).add(new SvgChart.Point(at, m.value()));
                table.computeIfAbsent(at, k -> new LinkedHashMap<>())
                        .put(name, SvgChart.number(m.value()) + (m.verdict() == Verdict.BREACH ? " (breach)" : ""));
                if (bounds == null && m.threshold() != null) {
                    bounds = m.threshold();
                }
            }
        }
        List<SvgChart.Bound> lines = new ArrayList<>();
        if (bounds != null && bounds.lower() != null) {
            lines.add(new SvgChart.Bound("lower bound", bounds.lower()));
        }
        if (bounds != null && bounds.upper() != null) {
            lines.add(new SvgChart.Bound("upper bound", bounds.upper()));
        }
        List<SvgChart.Series> drawn = new ArrayList<>();
        series.forEach((name, points) -> drawn.add(new SvgChart.Series(name, points)));
        List<String> columns = new ArrayList<>(List.of("window end"));
        columns.addAll(series.keySet());
        List<List<String>> rows = new ArrayList<>();
        table.forEach((at, values) -> {
            List<String> row = new ArrayList<>(List.of(at.toString()));
            for (String name : series.keySet()) {
                row.add(values.getOrDefault(name, ""));
            }
            rows.add(row);
        });
        String id = "c" + Integer.toHexString(title.hashCode());
        return new Chart(title, SvgChart.lines(id, title, drawn, lines), columns, rows);
    }
}
