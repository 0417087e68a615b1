package dev.aimon.incident.reporting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Where monitoring did not run: the stretches of a period that no window report covers. */
public final class Coverage {

    private Coverage() {}

    /** The event-time span of one window report. */
    public record Span(Instant start, Instant end) {}

    /** A stretch with no window report, longer than the threshold. */
    public record Gap(Instant from, Instant to) {

        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /**
     * The gaps of one model's windows in {@code [from, to)}: every stretch longer than {@code threshold} that no window
     * covers, including before the first window and after the last.
     */
    public static List<Gap> gaps(List<Span> windows, Instant from, Instant to, Duration threshold) {
        List<Span> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparing(Span::start));
        List<Gap> gaps = new ArrayList<>();
        Instant covered = from;
        for (Span w : sorted) {
            if (w.end().isBefore(from) || !w.start().isBefore(to)) {
                continue;
            }
            if (w.start().isAfter(covered)
                    && Duration.between(covered, w.start()).compareTo(threshold) > 0) {
                gaps.add(new Gap(covered, w.start()));
            }
            if (w.end().isAfter(covered)) {
                covered = w.end();
            }
        }
        if (to.isAfter(covered) && Duration.between(covered, to).compareTo(threshold) > 0) {
            gaps.add(new Gap(covered, to));
        }
        return gaps;
    }
}
