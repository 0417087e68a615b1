package dev.aimon.incident.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageTest {

    static Instant at(String hhmm) {
        return Instant.parse("2026-11-27T" + hhmm + ":00Z");
    }

    @Test
    void aGapIsAStretchLongerThanTheThresholdThatNoWindowCovers() {
        // 09:00-14:00 with windows 10:00-10:15, 10:15-10:30 and 12:00-12:15, threshold 1 h: 09:00-10:00 is exactly an
        // hour (not longer), 10:30-12:00 and 12:15-14:00 are gaps.
        List<Coverage.Span> windows = List.of(
                new Coverage.Span(at("12:00"), at("12:15")),
                new Coverage.Span(at("10:00"), at("10:15")),
                new Coverage.Span(at("10:15"), at("10:30")));

        List<Coverage.Gap> gaps = Coverage.gaps(windows, at("09:00"), at("14:00"), Duration.ofHours(1));

        assertThat(gaps)
                .containsExactly(
                        new Coverage.Gap(at("10:30"), at("12:00")), new Coverage.Gap(at("12:15"), at("14:00")));
        assertThat(gaps.get(0).length()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void noWindowAtAllIsOneGapAndOverlappingWindowsCoverEachOther() {
        assertThat(Coverage.gaps(List.of(), at("09:00"), at("14:00"), Duration.ofHours(1)))
                .containsExactly(new Coverage.Gap(at("09:00"), at("14:00")));
        List<Coverage.Span> overlapping =
                List.of(new Coverage.Span(at("08:00"), at("12:00")), new Coverage.Span(at("11:00"), at("14:30")));
        assertThat(Coverage.gaps(overlapping, at("09:00"), at("14:00"), Duration.ofMinutes(1)))
                .isEmpty();
    }
}
