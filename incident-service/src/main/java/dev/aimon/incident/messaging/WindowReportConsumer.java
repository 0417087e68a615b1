package dev.aimon.incident.messaging;

import dev.aimon.events.WindowReportEvent;
import dev.aimon.incident.service.EvidenceService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps each window report from {@code aimon.windows} as evidence that monitoring ran. */
@ApplicationScoped
public class WindowReportConsumer {

    private final EvidenceService evidence;

    public WindowReportConsumer(EvidenceService evidence) {
        this.evidence = evidence;
    }

    @Incoming("windows-in")
    public Uni<Void> consume(WindowReportEvent report) {
        if (report == null
                || report.reportId() == null
                || report.service() == null
                || report.modelId() == null
                || report.window() == null) {
            // JSON that is not a report (unknown fields ignored, the required ones absent): dead-lettered.
            return Uni.createFrom()
                    .failure(new IllegalArgumentException(
                            "the record is not a valid WindowReportEvent: it needs reportId, service, modelId and"
                                    + " window"));
        }
        return Outages.waitOut(evidence.record(report));
    }
}
