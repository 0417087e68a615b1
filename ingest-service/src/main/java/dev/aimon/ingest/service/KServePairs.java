package dev.aimon.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Joins the two CloudEvents the KServe InferenceLogger sends for one inference (the request and the response, one
 * {@code ce-id}): the first waits here, bounded in number and time, until the second comes. In memory: a deployment
 * with several ingest replicas routes a {@code ce-id} to one of them (or runs one), else halves miss each other.
 */
@ApplicationScoped
public class KServePairs {

    private final Duration timeout;
    private final int maxPending;
    private final Counter unpaired;
    private final LinkedHashMap<String, Half> pending = new LinkedHashMap<>();

    public KServePairs(IngestConfig config, MeterRegistry registry) {
        this.timeout = config.kservePairTimeout();
        this.maxPending = config.kserveMaxPending();
        this.unpaired = Counter.builder("aimon_kserve_unpaired")
                .description("KServe request or response events dropped before their pair arrived")
                .register(registry);
    }

    /**
     * One half of an inference.
     *
     * @param request true for the request, false for the response
     * @param time the CloudEvent's time, or when it was received
     * @param data the event's data: the inference request or response body
     */
    public record Half(boolean request, Instant time, JsonNode data, Instant receivedAt) {}

    /**
     * Offers one half; returns the other when it was waiting (the pair is then complete and forgotten), or empty
     * when this half must wait. A repeat of a waiting half (a retried delivery) replaces it.
     */
    public synchronized Optional<Half> offer(String id, Half half) {
        Instant now = half.receivedAt();
        for (Iterator<Map.Entry<String, Half>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().receivedAt().plus(timeout).isBefore(now)) {
                it.remove();
                unpaired.increment();
            } else {
                break;
            }
        }
        Half other = pending.get(id);
        if (other != null && other.request() != half.request()) {
            pending.remove(id);
            return Optional.of(other);
        }
        pending.remove(id);
        pending.put(id, half);
        while (pending.size() > maxPending) {
            Iterator<String> eldest = pending.keySet().iterator();
            eldest.next();
            eldest.remove();
            unpaired.increment();
        }
        return Optional.empty();
    }

    /** How many halves wait. */
    public synchronized int waiting() {
        return pending.size();
    }
}
