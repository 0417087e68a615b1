package dev.aimon.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.ingest.IngestResult;
import dev.aimon.ingest.Overloaded;
import dev.aimon.ingest.config.IngestConfig;
import dev.aimon.ingest.messaging.EventPublisher;
import dev.aimon.ingest.service.EventValidator.Check;
import dev.aimon.ingest.service.EventValidator.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Takes a batch of raw predictions or labels: validates each against its model's plan, publishes the valid ones
 * ({@code aimon.predictions}, {@code aimon.labels}) and dead-letters the others. The answer comes once the broker
 * holds every event of the batch, so an accepted event is durable.
 */
@ApplicationScoped
public class IngestService {

    private final PlanService plans;
    private final EventPublisher publisher;
    private final EventValidator validator;
    private final SeenEvents seen;
    private final InFlight inFlight;
    private final Duration publishTimeout;

    public IngestService(PlanService plans, EventPublisher publisher, SeenEvents seen, IngestConfig config) {
        this.plans = plans;
        this.publisher = publisher;
        this.seen = seen;
        this.inFlight = new InFlight(config.maxInFlightEvents());
        this.publishTimeout = config.publishTimeout();
        this.validator = new EventValidator(config.maxClockSkew());
    }

    /**
     * One item of a batch as it was read.
     *
     * @param node the parsed JSON, or null when the item was not JSON
     * @param original the item's bytes, as they go to the dead-letter topic
     * @param parseError why the item could not be read, when {@code node} is null
     */
    public record RawItem(JsonNode node, byte[] original, String parseError) {}

    public Uni<IngestResult> predictions(List<RawItem> items, String source) {
        return predictions(items, source, null);
    }

    /**
     * Predictions from a source that has a record key of its own (a Kafka topic): a rejected item is dead-lettered
     * under the event's model id or, when it has none, under that key.
     */
    public Uni<IngestResult> predictions(List<RawItem> items, String source, String fallbackKey) {
        return ingest(
                items,
                source,
                fallbackKey,
                "prediction",
                validator::prediction,
                e -> new SeenEvents.Key(e.modelId(), e.eventId()),
                publisher::prediction);
    }

    public Uni<IngestResult> labels(List<RawItem> items, String source) {
        return ingest(
                items,
                source,
                null,
                "label",
                validator::label,
                e -> new SeenEvents.Key(e.modelId(), e.eventId()),
                publisher::label);
    }

    /** SmallRye's emitter refusing an item because its buffer is full (SRMSG00034). */
    static boolean overflow(Throwable failure) {
        return failure instanceof IllegalStateException
                && String.valueOf(failure.getMessage()).contains("SRMSG00034");
    }

    private <T> Uni<IngestResult> ingest(
            List<RawItem> items,
            String source,
            String fallbackKey,
            String kind,
            Check<T> check,
            Function<T, SeenEvents.Key> keyOf,
            Function<T, Uni<Void>> publish) {
        Set<String> modelIds = items.stream()
                .map(i -> EventValidator.modelId(i.node()))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Instant now = Instant.now();
        int size = items.size();
        if (!inFlight.tryAcquire(size)) {
            return Uni.createFrom()
                    .failure(new Overloaded(
                            429,
                            inFlight.current() + " events are on their way to the broker; this batch of " + size
                                    + " would pass the bound of the in-flight events",
                            Duration.ofSeconds(1)));
        }
        return plans.latest(modelIds)
                .chain(planByModel -> {
                    List<Uni<Void>> deadLetters = new ArrayList<>();
                    List<IngestResult.Rejection> rejected = new ArrayList<>();
                    List<T> valid = new ArrayList<>();
                    for (int index = 0; index < items.size(); index++) {
                        RawItem item = items.get(index);
                        String modelId = EventValidator.modelId(item.node());
                        Outcome<T> outcome = item.node() == null
                                ? new Outcome.Invalid<>("not JSON: " + item.parseError())
                                // An event without a model id has no plan (and an immutable map refuses a null key).
                                : check.apply(item.node(), modelId == null ? null : planByModel.get(modelId), now);
                        switch (outcome) {
                            case Outcome.Valid<T> v -> valid.add(v.event());
                            case Outcome.Invalid<T> invalid -> {
                                rejected.add(new IngestResult.Rejection(
                                        index, EventValidator.eventId(item.node()), invalid.error()));
                                deadLetters.add(publisher.deadLetter(
                                        modelId != null ? modelId : fallbackKey,
                                        item.original(),
                                        invalid.error(),
                                        source));
                            }
                        }
                    }
                    List<SeenEvents.Key> keys = valid.stream().map(keyOf).toList();
                    Uni<IngestResult> published = seen.claimAndPublish(kind, keys, fresh -> {
                        List<Uni<Void>> sends = new ArrayList<>();
                        List<String> duplicates = new ArrayList<>();
                        for (T event : valid) {
                            SeenEvents.Key key = keyOf.apply(event);
                            if (fresh.remove(key)) {
                                sends.add(publish.apply(event));
                            } else {
                                duplicates.add(key.eventId());
                            }
                        }
                        IngestResult result = new IngestResult(sends.size(), duplicates, rejected);
                        return sends.isEmpty()
                                ? Uni.createFrom().item(result)
                                : Uni.join().all(sends).andFailFast().replaceWith(result);
                    });
                    Uni<IngestResult> all = deadLetters.isEmpty()
                            ? published
                            : Uni.join().all(deadLetters).andFailFast().chain(() -> published);
                    return all.onFailure(IngestService::overflow)
                            .transform(e -> new Overloaded(
                                    429, "the producer's buffer is full: " + e.getMessage(), Duration.ofSeconds(1)))
                            .ifNoItem()
                            .after(publishTimeout)
                            .failWith(() -> new Overloaded(
                                    503,
                                    "the broker did not acknowledge the batch within " + publishTimeout
                                            + "; send it again (what did reach the broker is answered as duplicates)",
                                    Duration.ofSeconds(5)));
                })
                .onTermination()
                .invoke(() -> inFlight.release(size));
    }
}
