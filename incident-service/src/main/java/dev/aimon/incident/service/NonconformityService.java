package dev.aimon.incident.service;

import dev.aimon.incident.Lifecycle;
import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.TransitionRequest;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.audit.EntryType;
import dev.aimon.incident.repository.NonconformityEntity;
import dev.aimon.incident.repository.NonconformityRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What people do with records and see of them: the clause 10.2 moves and notes (each appended to the record's history
 * and applied to its row by {@link AuditTrail}), the list, one record, and its history with what its verification
 * found. Breaches become records in {@link BreachRecorder}.
 */
@ApplicationScoped
public class NonconformityService {

    private final NonconformityRepository nonconformities;
    private final AuditTrail trail;
    private final NonconformityGauges gauges;
    private final Notifier notifier;

    public NonconformityService(
            NonconformityRepository nonconformities, AuditTrail trail, NonconformityGauges gauges, Notifier notifier) {
        this.nonconformities = nonconformities;
        this.trail = trail;
        this.gauges = gauges;
        this.notifier = notifier;
    }

    /** A page of the records that pass the filter, in the given order. */
    public Uni<List<Nonconformity>> list(NonconformityRepository.Filter filter, String sort, int page, int size) {
        return Panache.withSession(() -> nonconformities.list(filter, sort, page, size))
                .map(list -> list.stream().map(RecordView::of).toList());
    }

    /**
     * Moves a record through the clause 10.2 lifecycle: checks the move ({@link Lifecycle}), appends it to the
     * history and updates the record, in one transaction under the record's row lock.
     *
     * @throws NotFoundException when there is no such record
     */
    public Uni<Nonconformity> transition(UUID id, TransitionRequest request) {
        return Panache.withTransaction(() -> nonconformities
                        .findById(id, LockModeType.PESSIMISTIC_WRITE)
                        .chain(nc -> {
                            if (nc == null) {
                                throw new NotFoundException("no nonconformity " + id);
                            }
                            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                            Lifecycle.Status from = Lifecycle.Status.valueOf(nc.status);
                            Lifecycle.Move move = Lifecycle.check(
                                    from, context(nc.lifecycle), request, LocalDate.ofInstant(now, ZoneOffset.UTC));
                            Map<String, Object> change =
                                    new LinkedHashMap<>(AuditTrail.read(AuditTrail.canonical(request)));
                            change.remove("actor");
                            change.put("from", from.name());
                            change.put("to", move.to().name());
                            return trail.record(nc, move.type(), request.actor(), now, change);
                        })
                        .map(RecordView::of))
                .invoke(nc -> {
                    if (Lifecycle.Status.valueOf(nc.status()).terminal()) {
                        notifier.notify(Notifier.Event.CLOSED, nc);
                    }
                })
                .call(() -> Panache.withSession(gauges::refresh));
    }

    /** The serious incidents whose Art. 73 report is due before {@code before}, soonest first. */
    public Uni<List<Nonconformity>> seriousIncidents(Instant before) {
        return Panache.withSession(() -> nonconformities.seriousIncidents(before))
                .map(list -> list.stream().map(RecordView::of).toList());
    }

    /** One record with its lifecycle data. */
    public Uni<Nonconformity> get(UUID id) {
        return Panache.withSession(() -> nonconformities.findById(id)).map(nc -> {
            if (nc == null) {
                throw new NotFoundException("no nonconformity " + id);
            }
            return RecordView.of(nc);
        });
    }

    /**
     * A record's history with the verification of its chain, and every column of the record that is not the one its
     * history leads to.
     */
    public Uni<History> history(UUID id) {
        return Panache.withSession(() -> nonconformities.findById(id).chain(nc -> {
            if (nc == null) {
                throw new NotFoundException("no nonconformity " + id);
            }
            return trail.history(id).map(entries -> {
                RecordProjection.Verification v = RecordProjection.verify(nc, entries);
                return new History(
                        id, nc.ref, v.verified(), v.chain(), v.differences(), nc.status, statusOf(entries), entries);
            });
        }));
    }

    /**
     * A record's history and what its verification found.
     *
     * @param verified the chain verifies and every column of the record is the one the chain leads to
     * @param chain the verification of the hashes
     * @param differences the columns of the record that its history does not explain, each with both values
     * @param status the record's status
     * @param statusFromHistory the status its history leads to
     * @param entries the history, oldest first
     */
    public record History(
            UUID nonconformityId,
            String ref,
            boolean verified,
            AuditChain.Verification chain,
            List<RecordProjection.Difference> differences,
            String status,
            String statusFromHistory,
            List<AuditChain.Entry> entries) {}

    /** The status a history leads to: OPEN at creation, then each move's {@code to}. */
    static String statusOf(List<AuditChain.Entry> entries) {
        String status = null;
        for (AuditChain.Entry e : entries) {
            if (e.type().equals(EntryType.CREATED.name())) {
                status = Lifecycle.Status.OPEN.name();
            } else if (e.type().equals(EntryType.TRANSITION.name()) || e.type().equals(EntryType.REOPENED.name())) {
                Object to = AuditTrail.read(e.change()).get("to");
                status = to == null ? status : to.toString();
            }
        }
        return status;
    }

    /** What the lifecycle rules need of a record's lifecycle data. */
    @SuppressWarnings("unchecked")
    static Lifecycle.Context context(String lifecycleJson) {
        Map<String, Object> lifecycle = AuditTrail.read(lifecycleJson);
        Set<String> owners = new TreeSet<>();
        int planned = 0;
        if (lifecycle.get("ACTION_PLANNED") instanceof Map<?, ?> plan
                && plan.get("actions") instanceof List<?> actions) {
            planned = actions.size();
            for (Object a : actions) {
                if (a instanceof Map<?, ?> action && action.get("owner") != null) {
                    owners.add(action.get("owner").toString());
                }
            }
        }
        String requestedBy =
                lifecycle.get("DISMISSAL_REQUESTED") instanceof Map<?, ?> request ? (String) request.get("by") : null;
        return new Lifecycle.Context(owners, planned, requestedBy);
    }

    /**
     * Adds a note that is not a move to a record's history and lifecycle data (a communication, a report to the
     * authority): appended to the list of its type ({@link EntryType#notes()}).
     *
     * @throws NotFoundException when there is no such record
     */
    public Uni<Nonconformity> annotate(
            UUID id, EntryType type, String actor, Object note, Predicate<NonconformityEntity> allowed) {
        return Panache.withTransaction(() -> nonconformities
                .findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(nc -> {
                    if (nc == null) {
                        throw new NotFoundException("no nonconformity " + id);
                    }
                    allowed.test(nc);
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return trail.record(nc, type, actor, now, note);
                })
                .map(RecordView::of));
    }
}
