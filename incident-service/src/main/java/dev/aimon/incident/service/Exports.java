package dev.aimon.incident.service;

import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.RequirementCatalogue;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.reporting.ManagementReview;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The text exports of the records: CSV and the printable audit pack (HTML). */
final class Exports {

    static final List<String> CSV_COLUMNS = List.of(
            "ref",
            "id",
            "status",
            "recordClass",
            "severity",
            "breachKind",
            "modelId",
            "modelVersion",
            "planVersion",
            "metric",
            "attribute",
            "group",
            "feature",
            "value",
            "lower",
            "upper",
            "n",
            "referenceN",
            "pValue",
            "windowStart",
            "windowEnd",
            "reportId",
            "openedAt",
            "closedAt",
            "owner",
            "occurrences",
            "requirementRefs");

    private Exports() {}

    /**
     * The records as CSV: RFC 4180 (Commons CSV's quoting: a field with a comma, a quote or a line break is quoted),
     * with a header line, and every text that a spreadsheet would run as a formula made inert ({@link #inert}).
     */
    static String csv(List<Nonconformity> records) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(CSV_COLUMNS.toArray(String[]::new))
                        .get())) {
            for (Nonconformity r : records) {
                csv.printRecord(row(r).stream().map(v -> inert(v.toString())).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    private static List<Object> row(Nonconformity r) {
        Nonconformity.MetricTrace m = r.metric();
        return List.of(
                r.ref(),
                r.id(),
                r.status(),
                r.recordClass(),
                r.severity(),
                r.breachKind(),
                r.modelId(),
                text(r.modelVersion()),
                r.planVersion(),
                m.name(),
                text(m.attribute()),
                text(m.group()),
                text(m.feature()),
                text(m.value()),
                text(m.threshold() == null ? null : m.threshold().lower()),
                text(m.threshold() == null ? null : m.threshold().upper()),
                text(m.n()),
                text(m.referenceN()),
                text(m.pValue()),
                text(r.window() == null ? null : r.window().start()),
                text(r.window() == null ? null : r.window().end()),
                text(r.reportId()),
                r.openedAt(),
                text(r.closedAt()),
                text(r.owner()),
                r.occurrences(),
                r.requirementRefs().stream()
                        .map(RequirementCatalogue.RequirementRef::id)
                        .collect(Collectors.joining(";")));
    }

    private static Object text(Object value) {
        return Objects.toString(value, "");
    }

    /**
     * A field that a spreadsheet will not run as a formula (CSV injection, OWASP): a text that starts with {@code =},
     * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading apostrophe. A number ({@code -0.25}) is
     * left as it is: it is read as a number, not a formula.
     */
    static String inert(String value) {
        if (value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0 || number(value)) {
            return value;
        }
        return "'" + value;
    }

    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private static boolean number(String value) {
        return DECIMAL.matcher(value).matches();
    }

    static String auditPack(ReportService.Records r, ManagementReview.Summary review, Instant from, Instant to) {
        Map<UUID, RecordProjection.Verification> verifications = r.verifications();
        long verified = verifications.values().stream()
                .filter(RecordProjection.Verification::verified)
                .count();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>aimon audit pack ")
                .append(esc(from))
                .append(" to ")
                .append(esc(to))
                .append("</title><style>")
                .append("body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}")
                .append("table{border-collapse:collapse;margin:.5em 0 1em}")
                .append("td,th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}")
                .append("th{background:#eee}code{font-size:9pt}.bad{color:#a00;font-weight:bold}")
                .append("section{page-break-inside:avoid;margin-bottom:2em}")
                .append("@media print{section{page-break-before:always}}</style></head><body>\n");
        h.append("<h1>aimon audit pack</h1><p>Nonconformities (ISO/IEC 42001 clause 10.2) opened or finished from ")
                .append(esc(from))
                .append(" to ")
                .append(esc(to))
                .append(", and those still in progress. Generated ")
                .append(esc(Instant.now()))
                .append(".</p>\n");
        h.append("<h2>Integrity</h2><p>")
                .append(verified)
                .append(" of ")
                .append(verifications.size())
                .append(" histories verify (SHA-256 hash chains).</p>\n");
        h.append("<h2>Management review (clause 9.3)</h2><table>");
        row(h, "opened", review.opened());
        row(h, "closed", review.closed());
        row(h, "in progress", review.inProgress());
        row(h, "by severity", review.bySeverity());
        row(h, "by breach kind", review.byKind());
        row(h, "by status", review.byStatus());
        row(h, "opened per week", review.openedPerWeek());
        row(h, "time to acknowledge (h, mean / median)", hours(review.timeToAcknowledge()));
        row(h, "time to close (h, mean / median)", hours(review.timeToClose()));
        row(h, "overdue", review.overdue());
        row(h, "escalated", review.escalated());
        row(h, "reopened (recurrence)", review.reopened());
        row(
                h,
                "effectiveness pass rate",
                review.effectivenessPassRate() == null
                        ? "no review"
                        : "%.0f%% of %d"
                                .formatted(review.effectivenessPassRate() * 100, review.effectivenessReviews()));
        row(h, "serious incidents (EU AI Act Art. 73)", review.seriousIncidents());
        h.append("</table>\n");
        for (Nonconformity nc : r.records()) {
            RecordProjection.Verification v = verifications.get(nc.id());
            h.append("<section><h2>")
                    .append(esc(nc.ref()))
                    .append(" — ")
                    .append(esc(nc.status()))
                    .append("</h2>");
            h.append("<table>");
            row(h, "id", nc.id());
            row(h, "class, severity", nc.recordClass() + ", " + nc.severity() + " (" + nc.severityReason() + ")");
            row(
                    h,
                    "model",
                    nc.modelId() + " " + Objects.toString(nc.modelVersion(), "") + ", plan v" + nc.planVersion());
            Nonconformity.MetricTrace m = nc.metric();
            row(
                    h,
                    "metric",
                    m.name() + " " + (m.feature() != null ? m.feature() : m.attribute() + "=" + m.group())
                            + " = " + m.value() + (m.threshold() == null ? "" : ", bounds " + m.threshold()) + ", n "
                            + m.n()
                            + ", reference n " + m.referenceN() + ", p " + m.pValue());
            row(h, "window", nc.window() + ", report " + nc.reportId());
            row(
                    h,
                    "occurrences",
                    nc.occurrences() + " (first " + nc.firstBreachAt() + ", last " + nc.lastBreachAt() + ")");
            row(
                    h,
                    "requirements",
                    nc.requirementRefs().stream()
                            .map(ref -> ref.id() + " " + Objects.toString(ref.title(), ""))
                            .collect(Collectors.joining("; ")));
            nc.lifecycle().forEach((step, data) -> row(h, "10.2 " + step, data));
            h.append("</table><h3>History</h3><p>")
                    .append(
                            v.verified()
                                    ? "The history verifies: its chain, and every column of the record against it."
                                    : !v.chain().verified()
                                            ? "<span class=\"bad\">The chain does not verify: entry "
                                                    + v.chain().brokenAt() + ", "
                                                    + esc(v.chain().reason()) + "</span>"
                                            : "<span class=\"bad\">The record is not what its history makes it: "
                                                    + esc(v.differences().stream()
                                                            .map(d -> d.column() + " is " + d.stored()
                                                                    + ", its history says " + d.fromHistory())
                                                            .collect(Collectors.joining("; ")))
                                                    + "</span>")
                    .append("</p><table><tr><th>seq</th><th>type</th><th>actor</th><th>at</th><th>change</th>")
                    .append("<th>hash</th></tr>");
            for (AuditChain.Entry e : r.histories().getOrDefault(nc.id(), List.of())) {
                h.append("<tr><td>")
                        .append(e.seq())
                        .append("</td><td>")
                        .append(esc(e.type()))
                        .append("</td><td>")
                        .append(esc(e.actor()))
                        .append("</td><td>")
                        .append(esc(e.at()))
                        .append("</td><td><code>")
                        .append(esc(e.change()))
                        .append("</code></td><td><code>")
                        .append(esc(e.hash()))
                        .append("</code></td></tr>");
            }
            h.append("</table></section>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String hours(ManagementReview.Durations d) {
        return d.count() == 0 ? "none" : "%.1f / %.1f (%d)".formatted(d.meanHours(), d.medianHours(), d.count());
    }

    private static void row(StringBuilder h, String name, Object value) {
        h.append("<tr><th>")
                .append(esc(name))
                .append("</th><td>")
                .append(esc(value))
                .append("</td></tr>");
    }

    static String esc(Object value) {
        return Objects.toString(value, "")
                .replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
