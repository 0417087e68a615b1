package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aimon.events.EventJson;
import dev.aimon.events.Topics;
import dev.aimon.incident.audit.Ledger;
import dev.aimon.incident.config.IncidentConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * The register as a whole (ISO/IEC 42001 7.5.3): signs the ledger's head and publishes it outside PostgreSQL (the
 * table {@code audit_anchor} and the topic {@code aimon.audit}), and verifies the whole register: the ledger's chain,
 * every history entry and window report against its ledger entry and back, and the ledger against the last head
 * published, so that a record deleted whole, a history or the ledger rewritten whole, or a report removed, is found.
 */
@ApplicationScoped
public class Register {

    private static final Logger LOG = Logger.getLogger(Register.class);
    private static final ObjectMapper JSON = EventJson.mapper();

    private final Ledger.Signer signer;
    private final RegisterLedger ledger;
    private final Emitter<String> published;
    private final String bootstrapServers;

    public Register(
            IncidentConfig config,
            RegisterLedger ledger,
            @Channel("audit-out") Emitter<String> published,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.signer = signer(config);
        this.ledger = ledger;
        this.published = published;
        this.bootstrapServers = bootstrapServers;
    }

    private static Ledger.Signer signer(IncidentConfig config) {
        if (config.auditSigningKey().isEmpty()) {
            LOG.warn("no aimon.incident.audit-signing-key: the register's heads are signed with a key made at start,"
                    + " which verifies them only while this process runs");
            return Ledger.Signer.generated();
        }
        try {
            return Ledger.Signer.fromPem(
                    Files.readString(Path.of(config.auditSigningKey().get())));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot read the audit signing key "
                            + config.auditSigningKey().get() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * A signed head of the ledger.
     *
     * @param seq the ledger entry it covers, and all before it
     * @param hash that entry's hash
     * @param at when it was signed
     * @param keyId the signing key's id
     * @param publicKey the signing key (X.509, Base64): pin it, or take it from {@code GET /v1/audit/key}
     * @param signature Ed25519 over {@code "aimon-audit-head\n" + seq + "\n" + hash}, Base64
     */
    public record Head(long seq, String hash, Instant at, String keyId, String publicKey, String signature) {}

    /** The public key that verifies the heads, and its id. */
    public Map<String, String> key() {
        return Map.of("keyId", signer.keyId(), "publicKey", signer.publicKey(), "algorithm", "Ed25519");
    }

    @Scheduled(every = "${aimon.incident.audit-anchor-interval}", delayed = "5s")
    Uni<Void> scheduled() {
        return anchor().replaceWithVoid();
    }

    /** Signs the ledger's head, when it moved since the last one, stores it and publishes it; the head, or null. */
    public Uni<Head> anchor() {
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> s.createNativeQuery(
                                        "select l.seq, l.hash, (select max(seq) from audit_anchor)"
                                                + " from audit_ledger l order by l.seq desc limit 1",
                                        Object[].class)
                                .getResultList()
                                .chain(rows -> {
                                    if (rows.isEmpty()) {
                                        return Uni.createFrom().nullItem();
                                    }
                                    Object[] r = rows.getFirst();
                                    long seq = ((Number) r[0]).longValue();
                                    if (r[2] != null && ((Number) r[2]).longValue() >= seq) {
                                        return Uni.createFrom().nullItem();
                                    }
                                    Head head = new Head(
                                            seq,
                                            (String) r[1],
                                            Instant.now().truncatedTo(ChronoUnit.MICROS),
                                            signer.keyId(),
                                            signer.publicKey(),
                                            signer.sign(seq, (String) r[1]));
                                    return s.createNativeQuery("insert into audit_anchor"
                                                    + " (seq, hash, at, key_id, signature) values (?1, ?2, now(), ?3, ?4)"
                                                    + " on conflict (seq) do nothing")
                                            .setParameter(1, head.seq())
                                            .setParameter(2, head.hash())
                                            .setParameter(3, head.keyId())
                                            .setParameter(4, head.signature())
                                            .executeUpdate()
                                            // another anchor (a second replica, a request) signed this head first
                                            .map(inserted -> inserted == 0 ? null : head);
                                })))
                .call(head -> head == null ? Uni.createFrom().voidItem() : publish(head));
    }

    private Uni<Void> publish(Head head) {
        try {
            return Uni.createFrom().completionStage(published.send(JSON.writeValueAsString(head)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the register does not verify.
     *
     * @param where the ledger entry, record or report
     * @param what what is wrong there
     */
    public record Problem(String where, String what) {}

    /**
     * The verification of the whole register.
     *
     * @param verified nothing is wrong
     * @param ledgerEntries how many entries the ledger holds
     * @param publishedHead the last head published on {@code aimon.audit}, if one was found there
     * @param problems what is wrong, and where
     */
    public record Verification(boolean verified, long ledgerEntries, Head publishedHead, List<Problem> problems) {}

    /** Verifies the whole register (a full read of the ledger and of every history entry and report). */
    public Uni<Verification> verify() {
        AtomicReference<List<Ledger.Entry>> entries = new AtomicReference<>();
        List<Problem> problems = new ArrayList<>();
        return Panache.withSession(() -> ledger.all()
                        .invoke(entries::set)
                        .chain(all -> subjects())
                        .invoke(stored -> check(entries.get(), stored, problems))
                        .chain(() -> Panache.getSession())
                        .chain(s -> s.createNativeQuery(
                                        "select seq, hash, key_id, signature from audit_anchor order by seq desc limit 1",
                                        Object[].class)
                                .getResultList()))
                .invoke(anchors -> {
                    if (!anchors.isEmpty()) {
                        Object[] a = anchors.getFirst();
                        checkHead(
                                "the last head stored in audit_anchor",
                                ((Number) a[0]).longValue(),
                                (String) a[1],
                                (String) a[3],
                                entries.get(),
                                problems);
                    }
                })
                .chain(() -> Uni.createFrom()
                        .item(this::lastPublished)
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .map(head -> {
                    if (head != null) {
                        checkHead(
                                "the last head published on " + Topics.AUDIT,
                                head.seq(),
                                head.hash(),
                                head.signature(),
                                entries.get(),
                                problems);
                    }
                    return new Verification(problems.isEmpty(), entries.get().size(), head, List.copyOf(problems));
                });
    }

    /** Every history entry and window report stored, by its ledger subject, with its hash. */
    private Uni<Map<String, String>> subjects() {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "select nonconformity_id::text || '/' || seq, hash from nonconformity_event"
                                        + " union all select report_id,"
                                        + " encode(sha256(convert_to(report, 'UTF8')), 'hex') from window_report",
                                Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<String, String> stored = new HashMap<>();
                    rows.forEach(r -> stored.put((String) r[0], (String) r[1]));
                    return stored;
                });
    }

    private static void check(List<Ledger.Entry> entries, Map<String, String> stored, List<Problem> problems) {
        String broken = Ledger.firstBreak(entries);
        if (broken != null) {
            problems.add(new Problem("ledger", broken));
        }
        Set<String> entered = new HashSet<>();
        Set<String> gone = new HashSet<>();
        for (Ledger.Entry e : entries) {
            entered.add(e.subject());
            String hash = stored.get(e.subject());
            if (hash == null) {
                String record = recordOf(e);
                if (record == null || gone.add(record)) {
                    problems.add(new Problem(
                            record == null ? "window report " + e.subject() : "record " + record,
                            "in the ledger (entry " + e.seq() + ") but no longer in the database"));
                }
            } else if (!hash.equals(e.subjectHash())) {
                problems.add(new Problem(
                        e.subject(), "changed since it entered the ledger (entry " + e.seq() + "): the hash differs"));
            }
        }
        stored.keySet().stream()
                .filter(subject -> !entered.contains(subject))
                .sorted()
                .forEach(subject -> problems.add(new Problem(subject, "in the database but not in the ledger")));
    }

    /** The record a ledger entry of a history belongs to; null for a window report. */
    private static String recordOf(Ledger.Entry e) {
        if (e.kind() != Ledger.Kind.NC_ENTRY) {
            return null;
        }
        String id = e.subject().substring(0, e.subject().lastIndexOf('/'));
        return UUID.fromString(id).toString();
    }

    private void checkHead(
            String which, long seq, String hash, String signature, List<Ledger.Entry> entries, List<Problem> problems) {
        if (!signer.verify(seq, hash, signature)) {
            problems.add(new Problem(which, "its signature does not verify with this service's key " + signer.keyId()));
        } else if (seq > entries.size() || !entries.get((int) (seq - 1)).hash().equals(hash)) {
            problems.add(new Problem(
                    which,
                    "signed entry " + seq + " with hash " + hash + ", which the ledger no longer holds: it was"
                            + " rewritten or cut short after that head"));
        }
    }

    /** The last head published on the audit topic, or null when there is none (or the broker does not answer). */
    private Head lastPublished() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT, Duration.ofSeconds(5)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
            Head last = null;
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                if (end == 0) {
                    continue;
                }
                consumer.seek(tp, end - 1);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Set<TopicPartition> waiting = new HashSet<>();
            partitions.stream().filter(tp -> ends.get(tp) > 0).forEach(waiting::add);
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    waiting.remove(new TopicPartition(r.topic(), r.partition()));
                    Head head = JSON.readValue(r.value(), Head.class);
                    if (last == null || head.seq() > last.seq()) {
                        last = head;
                    }
                }
            }
            return last;
        } catch (Exception e) {
            LOG.warnf("cannot read the published heads on %s: %s", Topics.AUDIT, e.toString());
            return null;
        }
    }
}
