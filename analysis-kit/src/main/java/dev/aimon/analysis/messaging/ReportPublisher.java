package dev.aimon.analysis.messaging;

import dev.aimon.analysis.WindowEvaluation;
import dev.aimon.events.BreachEvent;
import dev.aimon.events.WindowReportEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes a window report on {@code aimon.windows} and its breaches on {@code aimon.breaches}, keyed by model. */
@ApplicationScoped
public class ReportPublisher {

    private final MutinyEmitter<WindowReportEvent> windows;
    private final MutinyEmitter<BreachEvent> breaches;

    public ReportPublisher(
            @Channel("windows-out") MutinyEmitter<WindowReportEvent> windows,
            @Channel("breaches-out") MutinyEmitter<BreachEvent> breaches) {
        this.windows = windows;
        this.breaches = breaches;
    }

    /** Completes when the broker has the report and every breach. */
    public Uni<Void> publish(WindowEvaluation evaluation) {
        List<Uni<Void>> sends = new ArrayList<>();
        WindowReportEvent report = evaluation.report();
        sends.add(windows.sendMessage(KafkaRecord.of(report.modelId(), report)));
        for (BreachEvent breach : evaluation.breaches()) {
            sends.add(breaches.sendMessage(KafkaRecord.of(breach.modelId(), breach)));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
