package dev.aimon.incident.service;

import dev.aimon.incident.audit.Ledger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends to the register's ledger ({@link Ledger}) inside the caller's transaction, after what it stands for. The
 * ledger is one chain for the whole register, so appends take a transaction-scoped advisory lock: one writer at a time,
 * released at commit or rollback.
 */
@ApplicationScoped
public class RegisterLedger {

    /** The advisory lock's key: any constant the service's database does not use for another lock. */
    private static final long LOCK = 0x61696d6f6eL; // "aimon"

    /**
     * Takes the ledger's lock for the rest of the transaction. Every transaction that writes to the register takes it
     * first, before any row lock, so that two writers never wait for each other in opposite orders.
     */
    public Uni<Void> lock() {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select 1 from (select pg_advisory_xact_lock(" + LOCK + ")) x", Integer.class)
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** Appends one entry: what was just stored, and its hash. */
    public Uni<Ledger.Entry> append(Ledger.Kind kind, String subject, String subjectHash) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select l.seq, l.hash from (select pg_advisory_xact_lock(" + LOCK + ")) x"
                                        + " left join lateral (select seq, hash from audit_ledger order by seq desc limit 1) l"
                                        + " on true",
                                Object[].class)
                        .getSingleResult()
                        .chain(last -> {
                            Ledger.Entry previous = last[0] == null
                                    ? null
                                    : new Ledger.Entry(
                                            ((Number) last[0]).longValue(), null, null, null, null, (String) last[1]);
                            Ledger.Entry entry = Ledger.next(previous, kind, subject, subjectHash);
                            return s.createNativeQuery("insert into audit_ledger"
                                            + " (seq, at, kind, subject, subject_hash, prev_hash, hash)"
                                            + " values (?1, now(), ?2, ?3, ?4, ?5, ?6)")
                                    .setParameter(1, entry.seq())
                                    .setParameter(2, entry.kind().name())
                                    .setParameter(3, entry.subject())
                                    .setParameter(4, entry.subjectHash())
                                    .setParameter(5, entry.prevHash())
                                    .setParameter(6, entry.hash())
                                    .executeUpdate()
                                    .replaceWith(entry);
                        }));
    }

    /** The whole ledger, oldest first; call it inside a session. */
    public Uni<List<Ledger.Entry>> all() {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select seq, kind, subject, subject_hash, prev_hash, hash from audit_ledger order by seq",
                                Object[].class)
                        .getResultList()
                        .map(rows -> {
                            List<Ledger.Entry> entries = new ArrayList<>(rows.size());
                            for (Object[] r : rows) {
                                entries.add(new Ledger.Entry(
                                        ((Number) r[0]).longValue(),
                                        Ledger.Kind.valueOf((String) r[1]),
                                        (String) r[2],
                                        (String) r[3],
                                        (String) r[4],
                                        (String) r[5]));
                            }
                            return entries;
                        }));
    }
}
