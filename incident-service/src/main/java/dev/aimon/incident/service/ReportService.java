package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.RequirementCatalogue;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.config.IncidentConfig;
import dev.aimon.incident.reporting.Coverage;
import dev.aimon.incident.reporting.ManagementReview;
import dev.aimon.incident.repository.MonitoringEventRepository;
import dev.aimon.incident.repository.NonconformityEntity;
import dev.aimon.incident.repository.NonconformityEventRepository;
import dev.aimon.incident.repository.NonconformityRepository;
import dev.aimon.incident.repository.WindowReportEntity;
import dev.aimon.incident.repository.WindowReportRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What governance and audit read off the records: the evidence behind a control, the management-review summary, and
 * the exports (CSV, a JSON bundle with a SHA-256 manifest, a printable audit pack).
 */
@ApplicationScoped
public class ReportService {

    /** The breach kinds whose window reports each analysis service writes. */
    static final Map<String, List<String>> SERVICE_KINDS = Map.of(
            "fairness", List.of("FAIRNESS"),
            "drift", List.of("DATA_DRIFT", "PREDICTION_DRIFT", "PERFORMANCE", "DATA_QUALITY"));

    private final NonconformityRepository nonconformities;
    private final NonconformityEventRepository histories;
    private final MonitoringEventRepository events;
    private final WindowReportRepository reports;
    private final RequirementCatalogue catalogue;
    private final IncidentConfig config;

    public ReportService(
            NonconformityRepository nonconformities,
            NonconformityEventRepository histories,
            MonitoringEventRepository events,
            WindowReportRepository reports,
            RequirementCatalogue catalogue,
            IncidentConfig config) {
        this.nonconformities = nonconformities;
        this.histories = histories;
        this.events = events;
        this.reports = reports;
        this.catalogue = catalogue;
        this.config = config;
    }

    /**
     * The evidence behind one control over a period.
     *
     * @param breachKinds the kinds of breach that map to it
     * @param windowsMonitored window reports of those kinds' services whose windows overlap the period
     * @param models the models those reports are of
     * @param breaches breaches of those kinds received in the period
     * @param nonconformities records of those kinds opened in the period, or still in progress
     * @param gaps per model, the stretches of the period with no window report (longer than the gap threshold)
     * @param windowsPerDay the window reports counted in {@code windowsMonitored}, by the UTC day their window ends
     */
    public record ControlEvidence(
            RequirementCatalogue.RequirementRef control,
            Instant from,
            Instant to,
            List<String> breachKinds,
            long windowsMonitored,
            List<String> models,
            long breaches,
            List<Nonconformity> nonconformities,
            Map<String, List<Coverage.Gap>> gaps,
            Map<LocalDate, Long> windowsPerDay) {}

    public Uni<ControlEvidence> controlEvidence(String ref, Instant from, Instant to) {
        RequirementCatalogue.RequirementRef control = catalogue
                .find(ref)
                .orElseThrow(() -> new NotFoundException("no requirement " + ref + " in the catalogue"));
        List<String> kinds = catalogue.kindsFor(control.id());
        List<String> services = SERVICE_KINDS.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(kinds::contains))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        return Panache.withSession(() -> reports.overlapping(services, from, to)
                .chain(windows -> events.count(
                                "breachKind in ?1 and receivedAt >= ?2 and receivedAt < ?3", kinds, from, to)
                        .chain(breaches -> nonconformities.relevant(from, to).map(records -> {
                            List<Nonconformity> matching = records.stream()
                                    .filter(r -> kinds.contains(r.breachKind))
                                    .map(RecordView::of)
                                    .toList();
                            Map<String, List<Coverage.Span>> byModel = new TreeMap<>();
                            for (WindowReportEntity w : windows) {
                                if (w.windowStart != null && w.windowEnd != null) {
                                    byModel.computeIfAbsent(w.modelId, m -> new ArrayList<>())
                                            .add(new Coverage.Span(w.windowStart, w.windowEnd));
                                }
                            }
                            Map<LocalDate, Long> perDay = new TreeMap<>();
                            for (WindowReportEntity w : windows) {
                                if (w.windowEnd != null) {
                                    perDay.merge(LocalDate.ofInstant(w.windowEnd, ZoneOffset.UTC), 1L, Long::sum);
                                }
                            }
                            Map<String, List<Coverage.Gap>> gaps = new TreeMap<>();
                            byModel.forEach((model, spans) ->
                                    gaps.put(model, Coverage.gaps(spans, from, to, config.gapThreshold())));
                            return new ControlEvidence(
                                    control,
                                    from,
                                    to,
                                    kinds,
                                    windows.size(),
                                    List.copyOf(byModel.keySet()),
                                    breaches,
                                    matching,
                                    gaps,
                                    perDay);
                        }))));
    }

    /** The records a report covers (their rows, and the API's view of them) and their histories. */
    public record Records(
            List<NonconformityEntity> rows, List<Nonconformity> records, Map<UUID, List<AuditChain.Entry>> histories) {

        /** Each record's verification: its chain, and its row against its history (a replay of each history). */
        public Map<UUID, RecordProjection.Verification> verifications() {
            Map<UUID, RecordProjection.Verification> v = new LinkedHashMap<>();
            rows.forEach(nc -> v.put(nc.id, RecordProjection.verify(nc, histories.getOrDefault(nc.id, List.of()))));
            return v;
        }
    }

    public Uni<Records> records(Instant from, Instant to) {
        return Panache.withSession(() -> nonconformities
                .relevant(from, to)
                .chain(entities -> histories
                        .histories(entities.stream().map(e -> e.id).toList())
                        .map(entries -> {
                            Map<UUID, List<AuditChain.Entry>> byRecord = new LinkedHashMap<>();
                            entries.forEach(e -> byRecord.computeIfAbsent(e.nonconformityId, id -> new ArrayList<>())
                                    .add(AuditTrail.entry(e)));
                            return new Records(
                                    entities,
                                    entities.stream().map(RecordView::of).toList(),
                                    byRecord);
                        })));
    }

    public Uni<ManagementReview.Summary> managementReview(Instant from, Instant to) {
        return records(from, to).map(r -> review(r, from, to));
    }

    static ManagementReview.Summary review(Records r, Instant from, Instant to) {
        return ManagementReview.of(
                r.records(),
                r.histories(),
                e -> e.type().equals("TRANSITION")
                        ? (String) AuditTrail.read(e.change()).get("to")
                        : null,
                e -> e.type().equals("TRANSITION")
                        ? (String) AuditTrail.read(e.change()).get("result")
                        : null,
                from,
                to,
                LocalDate.now(ZoneOffset.UTC));
    }

    /** The records as CSV (RFC 4180), one line each. */
    public Uni<String> csv(Instant from, Instant to) {
        return records(from, to).map(r -> Exports.csv(r.records()));
    }

    /**
     * The JSON bundle: each file's text and a manifest of their SHA-256 digests, so that a copy can be checked
     * against the manifest (and the manifest against its own digest).
     */
    public Uni<Map<String, Object>> bundle(Instant from, Instant to) {
        return records(from, to).map(r -> {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("nonconformities.json", AuditTrail.canonical(r.records()));
            files.put("histories.json", AuditTrail.canonical(r.histories()));
            files.put("verification.json", AuditTrail.canonical(r.verifications()));
            files.put("management-review.json", AuditTrail.canonical(review(r, from, to)));
            files.put("nonconformities.csv", Exports.csv(r.records()));
            List<Map<String, Object>> manifest = new ArrayList<>();
            files.forEach((name, text) -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", name);
                entry.put("bytes", bytes.length);
                entry.put("sha256", sha256(bytes));
                manifest.add(entry);
            });
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("generatedAt", Instant.now());
            head.put("from", from);
            head.put("to", to);
            head.put("algorithm", "SHA-256 over the UTF-8 bytes of each file's text");
            head.put("files", manifest);
            String manifestText = AuditTrail.canonical(head);
            Map<String, Object> bundle = new LinkedHashMap<>();
            bundle.put("manifest", manifestText);
            bundle.put("manifestSha256", sha256(manifestText.getBytes(StandardCharsets.UTF_8)));
            bundle.put("files", files);
            return bundle;
        });
    }

    /** The printable audit pack. */
    public Uni<String> auditPack(Instant from, Instant to) {
        return records(from, to).map(r -> Exports.auditPack(r, review(r, from, to), from, to));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return AuditTrail.CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
