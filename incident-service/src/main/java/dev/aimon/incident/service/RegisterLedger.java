package dev.aimon.incident.service;

import dev.aimon.incident.audit.Ledger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the register's ledger ({@link Ledger}). The database writes it: each history entry and window report enters it
 * when the transaction that stored it commits ({@code V11__ledger_entered_at_commit.sql}), under a transaction-scoped
 * advisory lock taken after every row lock, so the chain has one writer at a time and no writer waits for another's
 * whole transaction.
 */
@ApplicationScoped
public class RegisterLedger {

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
