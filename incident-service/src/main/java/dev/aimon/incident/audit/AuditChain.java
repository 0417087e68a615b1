package dev.aimon.incident.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash chain of a record's history (ISO/IEC 42001 7.5.3): each entry's hash is SHA-256 over its canonical form,
 * which includes the hash of the entry before it, so changing, removing or reordering any entry breaks every hash
 * after it. Anyone with read access can verify a chain from the history endpoint alone:
 *
 * <pre>hash = hex(SHA-256(UTF-8(seq + "\n" + type + "\n" + actor + "\n" + at + "\n" + change + "\n" + prevHash)))</pre>
 *
 * where {@code at} is the ISO-8601 instant as the history shows it, {@code change} the JSON text exactly as stored
 * (keys sorted) and the first entry's {@code prevHash} is 64 zeros.
 */
public final class AuditChain {

    /** The {@code prevHash} of a chain's first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    /**
     * One entry of a history.
     *
     * @param seq 1 for the first entry, then one more each
     * @param type what happened: CREATED, BREACH_ATTACHED, TRANSITION, DISMISSAL_REQUESTED, REOPENED
     * @param actor who did it ({@code aimon} for the service itself)
     * @param at when
     * @param change what changed, as canonical JSON
     * @param prevHash the hash of the entry before, or {@link #GENESIS}
     * @param hash this entry's hash
     */
    public record Entry(int seq, String type, String actor, Instant at, String change, String prevHash, String hash) {}

    /**
     * Whether a history verifies.
     *
     * @param verified true when every entry's hash and link are right
     * @param entries how many entries were checked
     * @param brokenAt the first entry that does not verify, if any
     * @param reason what is wrong with it
     */
    public record Verification(boolean verified, int entries, Integer brokenAt, String reason) {}

    /** The entry that follows {@code previous} (null for a chain's first). */
    public static Entry next(Entry previous, String type, String actor, Instant at, String change) {
        int seq = previous == null ? 1 : previous.seq() + 1;
        String prevHash = previous == null ? GENESIS : previous.hash();
        return new Entry(seq, type, actor, at, change, prevHash, hash(seq, type, actor, at, change, prevHash));
    }

    /** SHA-256 of an entry's canonical form, in lower-case hex. */
    public static String hash(int seq, String type, String actor, Instant at, String change, String prevHash) {
        String canonical = String.join("\n", Integer.toString(seq), type, actor, at.toString(), change, prevHash);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Checks a history, oldest first: sequence, links and hashes. */
    public static Verification verify(List<Entry> history) {
        String prevHash = GENESIS;
        int expectedSeq = 1;
        for (Entry e : history) {
            if (e.seq() != expectedSeq) {
                return new Verification(
                        false, history.size(), e.seq(), "entry " + expectedSeq + " is missing or out of order");
            }
            if (!e.prevHash().equals(prevHash)) {
                return new Verification(
                        false, history.size(), e.seq(), "prevHash does not match the hash of the entry before");
            }
            String hash = hash(e.seq(), e.type(), e.actor(), e.at(), e.change(), e.prevHash());
            if (!hash.equals(e.hash())) {
                return new Verification(
                        false, history.size(), e.seq(), "the hash does not match the entry: it was changed");
            }
            prevHash = e.hash();
            expectedSeq++;
        }
        if (history.isEmpty()) {
            return new Verification(false, 0, null, "the record has no history");
        }
        return new Verification(true, history.size(), null, null);
    }
}
