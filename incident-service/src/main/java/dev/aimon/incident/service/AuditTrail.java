package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aimon.events.EventJson;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.repository.NonconformityEventEntity;
import dev.aimon.incident.repository.NonconformityEventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Appends to a nonconformity's hash-chained history ({@link AuditChain}) inside the caller's transaction, and reads
 * it back. The caller holds the record's row lock, so two changes of one record never race for the same {@code seq}
 * (and the primary key would refuse the second if they did).
 */
@ApplicationScoped
public class AuditTrail {

    /** JSON with sorted keys and no nulls: the canonical text that is stored and hashed. */
    static final ObjectMapper CANONICAL = EventJson.mapper()
            .copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private final NonconformityEventRepository events;

    public AuditTrail(NonconformityEventRepository events) {
        this.events = events;
    }

    /** Appends one entry; {@code change} is any value that maps to a JSON object. */
    public Uni<AuditChain.Entry> append(UUID nonconformityId, String type, String actor, Instant at, Object change) {
        String json = canonical(change);
        return events.last(nonconformityId).chain(last -> {
            AuditChain.Entry entry = AuditChain.next(last == null ? null : entry(last), type, actor, at, json);
            NonconformityEventEntity e = new NonconformityEventEntity();
            e.nonconformityId = nonconformityId;
            e.seq = entry.seq();
            e.type = entry.type();
            e.actor = entry.actor();
            e.at = entry.at();
            e.change = entry.change();
            e.prevHash = entry.prevHash();
            e.hash = entry.hash();
            return events.persist(e).replaceWith(entry);
        });
    }

    /** A record's history, oldest first. */
    public Uni<List<AuditChain.Entry>> history(UUID nonconformityId) {
        return events.history(nonconformityId)
                .map(list -> list.stream().map(AuditTrail::entry).toList());
    }

    static AuditChain.Entry entry(NonconformityEventEntity e) {
        return new AuditChain.Entry(e.seq, e.type, e.actor, e.at, e.change, e.prevHash, e.hash);
    }

    /** The canonical JSON of a value: a map's keys sorted at every level. */
    static String canonical(Object value) {
        try {
            Object tree = CANONICAL.convertValue(value, Object.class);
            return CANONICAL.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a canonical JSON object back. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String json) {
        try {
            return CANONICAL.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
