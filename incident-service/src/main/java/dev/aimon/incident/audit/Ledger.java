package dev.aimon.incident.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The register's ledger: one hash chain over every history entry of every record and every window report kept, in the
 * order they were stored (Flyway {@code V10__register_ledger.sql} gives the form), and its signed heads. A head is
 * signed with Ed25519 over {@code "aimon-audit-head\n" + seq + "\n" + hash}; anyone with the public key checks it.
 */
public final class Ledger {

    /** What a ledger entry stands for. */
    public enum Kind {
        /** A history entry of a record: subject {@code <id>/<seq>}, subject hash the entry's hash. */
        NC_ENTRY,
        /** A window report kept as evidence: subject its id, subject hash the SHA-256 of its stored JSON. */
        WINDOW_REPORT
    }

    /**
     * One entry of the ledger.
     *
     * @param seq 1 for the first, then one more each
     * @param kind what it stands for
     * @param subject which entry or report
     * @param subjectHash that entry's hash, or the report's digest
     * @param prevHash the hash of the ledger entry before, or {@link AuditChain#GENESIS}
     * @param hash this entry's hash
     */
    public record Entry(long seq, Kind kind, String subject, String subjectHash, String prevHash, String hash) {}

    private Ledger() {}

    /** The entry after {@code previous} (null for the first). */
    public static Entry next(Entry previous, Kind kind, String subject, String subjectHash) {
        long seq = previous == null ? 1 : previous.seq() + 1;
        String prev = previous == null ? AuditChain.GENESIS : previous.hash();
        return new Entry(seq, kind, subject, subjectHash, prev, hash(seq, kind, subject, subjectHash, prev));
    }

    public static String hash(long seq, Kind kind, String subject, String subjectHash, String prevHash) {
        return sha256(String.join("\n", Long.toString(seq), kind.name(), subject, subjectHash, prevHash));
    }

    /** SHA-256 of a text's UTF-8 bytes, in lower-case hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first entry of a ledger, oldest first, whose number, link or hash is wrong; null when all hold. */
    public static String firstBreak(List<Entry> ledger) {
        String prev = AuditChain.GENESIS;
        long seq = 1;
        for (Entry e : ledger) {
            if (e.seq() != seq) {
                return "ledger entry " + seq + " is missing (the next is " + e.seq() + ")";
            }
            if (!e.prevHash().equals(prev)) {
                return "ledger entry " + seq + ": prevHash is not the hash of the entry before";
            }
            if (!hash(e.seq(), e.kind(), e.subject(), e.subjectHash(), e.prevHash())
                    .equals(e.hash())) {
                return "ledger entry " + seq + ": the hash does not match the entry (" + e.subject() + ")";
            }
            prev = e.hash();
            seq++;
        }
        return null;
    }

    /** The text a head's signature covers. */
    public static String headText(long seq, String hash) {
        return "aimon-audit-head\n" + seq + "\n" + hash;
    }

    /** Signs heads with an Ed25519 key; its public key and id go out with every signed head. */
    public static final class Signer {
        private final PrivateKey key;
        private final PublicKey publicKey;

        private Signer(PrivateKey key, PublicKey publicKey) {
            this.key = key;
            this.publicKey = publicKey;
        }

        /** A signer of a fresh key pair (for local use: its heads verify only while it runs). */
        public static Signer generated() {
            try {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                return new Signer(pair.getPrivate(), pair.getPublic());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JDK 15+ has Ed25519", e);
            }
        }

        /**
         * A signer of an Ed25519 key pair in PEM: the private key (PKCS#8, {@code PRIVATE KEY}) and its public key
         * ({@code PUBLIC KEY}) in one file: {@code openssl genpkey -algorithm ed25519 -out k.pem; openssl pkey -in
         * k.pem -pubout >> k.pem}.
         */
        public static Signer fromPem(String pem) throws GeneralSecurityException {
            KeyFactory keys = KeyFactory.getInstance("Ed25519");
            PrivateKey key = keys.generatePrivate(new PKCS8EncodedKeySpec(block(pem, "PRIVATE KEY")));
            PublicKey publicKey = keys.generatePublic(new X509EncodedKeySpec(block(pem, "PUBLIC KEY")));
            return new Signer(key, publicKey);
        }

        private static byte[] block(String pem, String type) throws GeneralSecurityException {
            String begin = "-----BEGIN " + type + "-----";
            int from = pem.indexOf(begin);
            int to = pem.indexOf("-----END " + type + "-----");
            if (from < 0 || to < from) {
                throw new GeneralSecurityException("the key file has no " + type + " block");
            }
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        }

        public String sign(long seq, String hash) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(key);
                s.update(headText(seq, hash).getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(s.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The public key, X.509 DER in Base64. */
        public String publicKey() {
            return Base64.getEncoder().encodeToString(publicKey.getEncoded());
        }

        /** The key's id: the first 16 hex digits of the SHA-256 of its public key. */
        public String keyId() {
            return sha256(publicKey()).substring(0, 16);
        }

        public boolean verify(long seq, String hash, String signature) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(publicKey);
                s.update(headText(seq, hash).getBytes(StandardCharsets.UTF_8));
                return s.verify(Base64.getDecoder().decode(signature));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
