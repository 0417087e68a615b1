package dev.aimon.incident.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG, drawn on the server: no script and no CDN. Each chart has a title and a description for
 * screen readers ({@code role="img"}, {@code aria-labelledby}); the pages give the same numbers as a table too.
 */
public final class SvgChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 290;
    static final int LEFT = 56;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 64;

    /** Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by dash patterns as well. */
    static final String[] COLOURS = {"#1f5fa8", "#b3261e", "#1b7a3d", "#7b3fa0", "#8a5a00", "#00687a", "#5c5c5c"};

    static final String[] DASHES = {"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4"};

    private SvgChart() {}

    /** A point of a series. */
    public record Point(Instant at, double value) {}

    /** A named series of points. */
    public record Series(String name, List<Point> points) {}

    /** A horizontal line at a bound. */
    public record Bound(String name, double value) {}

    /**
     * A line chart of series over time, with the bounds drawn as dashed red lines.
     *
     * @param id unique in the page: the ids of the title and description
     */
    public static String lines(String id, String title, List<Series> series, List<Bound> bounds) {
        List<Point> all = series.stream().flatMap(s -> s.points().stream()).toList();
        StringBuilder svg = open(id, title, describe(series, bounds));
        if (all.isEmpty()) {
            return svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "no data"))
                    .append("</svg>")
                    .toString();
        }
        long t0 = all.stream().mapToLong(p -> p.at().toEpochMilli()).min().orElseThrow();
        long t1 = all.stream().mapToLong(p -> p.at().toEpochMilli()).max().orElseThrow();
        double lo = all.stream().mapToDouble(Point::value).min().orElseThrow();
        double hi = all.stream().mapToDouble(Point::value).max().orElseThrow();
        for (Bound b : bounds) {
            lo = Math.min(lo, b.value());
            hi = Math.max(hi, b.value());
        }
        if (hi - lo < 1e-9) {
            hi += 0.5;
            lo -= 0.5;
        }
        double pad = (hi - lo) * 0.08;
        Scale y = new Scale(lo - pad, hi + pad, HEIGHT - BOTTOM, TOP);
        Scale x = new Scale(t0, Math.max(t1, t0 + 1), LEFT, WIDTH - RIGHT);
        axes(svg, y);
        svg.append(text(
                LEFT, HEIGHT - 44, "start", Instant.ofEpochMilli(t0).toString().substring(0, 19) + "Z"));
        svg.append(text(
                WIDTH - RIGHT,
                HEIGHT - 44,
                "end",
                Instant.ofEpochMilli(t1).toString().substring(0, 19) + "Z"));
        for (Bound b : bounds) {
            double py = y.at(b.value());
            svg.append(f(
                    "<line class=\"bound\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#b3261e\" stroke-width=\"1.5\" stroke-dasharray=\"4 4\"/>",
                    LEFT, WIDTH - RIGHT, py, py));
            svg.append(text(WIDTH - RIGHT - 4, py - 4, "end", b.name() + " " + number(b.value())));
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            List<String> coords = new ArrayList<>();
            for (Point p : s.points()) {
                coords.add(f("%.1f,%.1f", x.at(p.at().toEpochMilli()), y.at(p.value())));
            }
            svg.append(f(
                    "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\" points=\"%s\"/>",
                    colour, DASHES[i % DASHES.length], String.join(" ", coords)));
            // The legend: a short stroke of the series' colour and dashes, and its name.
            int lx = LEFT + (i % 5) * 130;
            int ly = HEIGHT - 22 + (i / 5) * 14;
            svg.append(f(
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
                    lx, lx + 24, ly - 4, ly - 4, colour, DASHES[i % DASHES.length]));
            svg.append(text(lx + 28, ly, "start", s.name()));
            for (String c : coords) {
                String[] xy = c.split(",");
                svg.append(f("<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>", xy[0], xy[1], colour));
            }
        }
        return svg.append("</svg>").toString();
    }

    /** A bar chart of labelled counts. */
    public static String bars(String id, String title, List<String> labels, List<Long> counts) {
        StringBuilder description = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            description
                    .append(i == 0 ? "" : "; ")
                    .append(labels.get(i))
                    .append(": ")
                    .append(counts.get(i));
        }
        StringBuilder svg = open(id, title, description.isEmpty() ? "no data" : description.toString());
        long max = counts.stream().mapToLong(Long::longValue).max().orElse(0);
        Scale y = new Scale(0, Math.max(1, max), HEIGHT - BOTTOM, TOP);
        axes(svg, y);
        int n = Math.max(1, labels.size());
        double slot = (WIDTH - LEFT - RIGHT) / (double) n;
        for (int i = 0; i < labels.size(); i++) {
            double top = y.at(counts.get(i));
            double x0 = LEFT + i * slot + slot * 0.15;
            svg.append(f(
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                    x0, top, slot * 0.7, HEIGHT - BOTTOM - top, COLOURS[0]));
            svg.append(text(x0 + slot * 0.35, top - 4, "middle", Long.toString(counts.get(i))));
            svg.append(text(x0 + slot * 0.35, HEIGHT - BOTTOM + 16, "middle", labels.get(i)));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String title, String description) {
        return new StringBuilder()
                .append(f(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-t %s-d\">",
                        WIDTH, HEIGHT, id, id))
                .append("<title id=\"")
                .append(id)
                .append("-t\">")
                .append(escape(title))
                .append("</title>")
                .append("<desc id=\"")
                .append(id)
                .append("-d\">")
                .append(escape(description))
                .append("</desc>");
    }

    private static void axes(StringBuilder svg, Scale y) {
        svg.append(
                f("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>", LEFT, LEFT, TOP, HEIGHT - BOTTOM));
        svg.append(f(
                "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, HEIGHT - BOTTOM));
        for (int i = 0; i <= 4; i++) {
            double v = y.from + (y.to - y.from) * i / 4;
            double py = y.at(v);
            svg.append(f(
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    LEFT, WIDTH - RIGHT, py, py));
            svg.append(text(LEFT - 6, py + 4, "end", number(v)));
        }
    }

    private static String describe(List<Series> series, List<Bound> bounds) {
        List<String> parts = new ArrayList<>();
        for (Series s : series) {
            String values = s.points().stream()
                    .map(p -> number(p.value()))
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("");
            parts.add(s.name() + ": " + values);
        }
        for (Bound b : bounds) {
            parts.add(b.name() + " at " + number(b.value()));
        }
        return parts.isEmpty() ? "no data" : String.join("; ", parts);
    }

    private static String text(double x, double y, String anchor, String text) {
        return f(
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"12\" fill=\"#222\">%s</text>",
                x, y, anchor, escape(text));
    }

    /** Formats with a dot for decimals, whatever the default locale (SVG coordinates need one). */
    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String number(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private record Scale(double from, double to, double pixelFrom, double pixelTo) {
        double at(double v) {
            return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }
}
