package dev.aimon.analysis.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.Verdict;
import dev.aimon.events.WindowReportEvent;
import dev.aimon.events.WindowSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentReportsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecentReports reports =
            new RecentReports("fairness", 2, registry, "aimon_fairness_value", r -> Tags.of("group", r.group()), 2);

    @Test
    void keepsTheNewestReportsAndCapsTheGaugeSeriesPerModel() {
        reports.add(report("m", 0, "A", "B", "C"));
        reports.add(report("m", 1, "A", "B", "C"));
        reports.add(report("m", 2, "A", "B", "C"));

        assertThat(reports.newest("m", 10))
                .extracting(r -> r.window().sequence())
                .containsExactly(2L, 1L);
        assertThat(registry.find("aimon_fairness_value").tag("model", "m").gauges())
                .hasSize(2);
        assertThat(registry.get("aimon_fairness_value")
                        .tags("model", "m", "group", "A")
                        .gauge()
                        .value())
                .isEqualTo(0.5);
        assertThat(registry.get("aimon_windows_closed")
                        .tags("model", "m")
                        .counter()
                        .count())
                .isEqualTo(3);

        reports.forget("m");

        assertThat(reports.newest("m", 10)).isEmpty();
        assertThat(registry.find("aimon_fairness_value").tag("model", "m").gauges())
                .isEmpty();
    }

    private static WindowReportEvent report(String model, long sequence, String... groups) {
        List<MetricResult> results = Arrays.stream(groups)
                .map(g -> new MetricResult(
                        Metric.DISPARATE_IMPACT_RATIO,
                        "sex",
                        g,
                        "Male",
                        null,
                        0.5,
                        40L,
                        60L,
                        null,
                        null,
                        null,
                        Verdict.OK,
                        null))
                .toList();
        Instant t = Instant.EPOCH;
        return new WindowReportEvent(
                1,
                "r" + sequence,
                "fairness",
                model,
                null,
                1,
                new WindowSummary(t, t, 100, null, sequence),
                results,
                t,
                null);
    }
}
