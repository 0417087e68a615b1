package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aimon.events.EventJson;
import dev.aimon.incident.audit.AuditChain;
import dev.aimon.incident.audit.EntryType;
import dev.aimon.incident.repository.NonconformityEntity;
import dev.aimon.incident.repository.NonconformityEventEntity;
import dev.aimon.incident.repository.NonconformityEventRepository;
import dev.aimon.incident.repository.NonconformityRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The only writer of a nonconformity: each change is appended to the record's hash-chained history ({@link
 * AuditChain}) and then applied to its row ({@link RecordProjection}), inside the caller's transaction, so the row is
 * always its history applied in order. The caller holds the record's row lock, so two changes of one record never race
 * for the same {@code seq} (and the primary key would refuse the second if they did). The database enters each entry
 * into the register's ledger when the transaction commits ({@code V11__ledger_entered_at_commit.sql}).
 */
@ApplicationScoped
public class AuditTrail {

    /** The actor of the changes the service makes itself. */
    public static final String SERVICE_ACTOR = "aimon";

    /** JSON with sorted keys and no nulls: the canonical text that is stored and hashed. */
    static final ObjectMapper CANONICAL = EventJson.mapper()
            .copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private final NonconformityEventRepository events;
    private final NonconformityRepository records;

    public AuditTrail(NonconformityEventRepository events, NonconformityRepository records) {
        this.events = events;
        this.records = records;
    }

    /**
     * Opens a record: its CREATED entry, {@code change} (the trace ISO42001.md requires at creation), makes the row,
     * which is stored first (the history refers to it).
     */
    public Uni<NonconformityEntity> create(UUID id, Instant at, Object change) {
        AuditChain.Entry first = AuditChain.next(null, EntryType.CREATED.name(), SERVICE_ACTOR, at, canonical(change));
        NonconformityEntity nc = new NonconformityEntity();
        nc.id = id;
        RecordProjection.apply(nc, first);
        return records.persist(nc).chain(() -> persist(id, first)).replaceWith(nc);
    }

    /** Records one change of a record: appends it to the history and applies it to the row. */
    public Uni<NonconformityEntity> record(
            NonconformityEntity nc, EntryType type, String actor, Instant at, Object change) {
        return append(nc.id, type, actor, at, change).map(entry -> {
            RecordProjection.apply(nc, entry);
            return nc;
        });
    }

    private Uni<AuditChain.Entry> append(
            UUID nonconformityId, EntryType type, String actor, Instant at, Object change) {
        String json = canonical(change);
        return events.last(nonconformityId)
                .chain(last -> persist(
                        nonconformityId,
                        AuditChain.next(last == null ? null : entry(last), type.name(), actor, at, json)));
    }

    private Uni<AuditChain.Entry> persist(UUID nonconformityId, AuditChain.Entry entry) {
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
