package dev.aimon.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aimon.events.EventJson;
import dev.aimon.incident.Nonconformity;
import dev.aimon.incident.config.IncidentConfig;
import dev.aimon.incident.repository.NonconformityRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Tells people: each record in progress is an alert in Alertmanager (v2 API; labels alertname, model, kind,
 * severity, ref, metric and the attribute, group or feature; {@code endsAt} when it closes), and each record opened,
 * reopened or closed goes to the configured webhooks, signed ({@code X-Aimon-Signature: sha256=<hex HMAC-SHA256>}
 * over the body), retried with back-off, every attempt in the delivery log. Sending never holds up recording: it
 * runs after the change has committed, and a failure is logged, not thrown.
 */
@ApplicationScoped
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    /** What happened to a record. */
    public enum Event {
        OPENED,
        REOPENED,
        ESCALATED,
        CLOSED
    }

    private final IncidentConfig config;
    private final Pool pool;
    private final NonconformityRepository nonconformities;
    /** The records this instance closed lately, by id, with when. */
    private final Map<UUID, Instant> ended = new ConcurrentHashMap<>();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Notifier(IncidentConfig config, Pool pool, NonconformityRepository nonconformities) {
        this.config = config;
        this.pool = pool;
        this.nonconformities = nonconformities;
        if (config.webhookUrls().isPresent() && config.webhookSecret().isEmpty()) {
            throw new IllegalStateException("aimon.incident.webhook-secret is required with webhook-urls");
        }
    }

    /** Sends what a change of a record means, in the background. */
    public void notify(Event event, Nonconformity nc) {
        if (event == Event.CLOSED) {
            ended.put(nc.id(), Instant.now());
        }
        config.alertmanagerUrl().ifPresent(url -> postAlerts(url, List.of(alert(nc, event == Event.CLOSED))));
        for (URI url : config.webhookUrls().orElse(List.of())) {
            deliver(url, event, nc);
        }
    }

    /** Sends the alerts of every record in progress again, so that Alertmanager keeps them active. */
    @Scheduled(every = "${aimon.incident.alert-resend-interval}", delayed = "10s")
    Uni<Void> resend() {
        if (config.alertmanagerUrl().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(nonconformities::inProgress)
                .invoke(list -> {
                    // A record closed after the query read it must not be posted as active again: that would undo
                    // its resolution until the alert's own end (this instance's closes; another instance's expire).
                    Instant forget =
                            Instant.now().minus(config.alertResendInterval().multipliedBy(4));
                    ended.values().removeIf(at -> at.isBefore(forget));
                    List<Map<String, Object>> active = list.stream()
                            .map(RecordView::of)
                            .filter(nc -> !ended.containsKey(nc.id()))
                            .map(nc -> alert(nc, false))
                            .toList();
                    if (!active.isEmpty()) {
                        postAlerts(config.alertmanagerUrl().get(), active);
                    }
                })
                .replaceWithVoid();
    }

    Map<String, Object> alert(Nonconformity nc, boolean ended) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "AimonNonconformity");
        labels.put("model", nc.modelId());
        labels.put("kind", nc.breachKind());
        labels.put("severity", nc.severity());
        labels.put("ref", nc.ref());
        labels.put("metric", nc.metric().name());
        if (nc.metric().attribute() != null) {
            labels.put("attribute", nc.metric().attribute());
        }
        if (nc.metric().group() != null) {
            labels.put("group", nc.metric().group());
        }
        if (nc.metric().feature() != null) {
            labels.put("feature", nc.metric().feature());
        }
        if (nc.escalatedAt() != null) {
            labels.put("escalated", "true");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary(nc));
        annotations.put("status", nc.status());
        annotations.put("nonconformity", nc.id().toString());
        Instant endsAt = ended
                ? (nc.closedAt() == null ? Instant.now() : nc.closedAt())
                : Instant.now().plus(config.alertResendInterval().multipliedBy(4));
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        alert.put(
                "startsAt",
                OffsetDateTime.ofInstant(nc.openedAt(), ZoneOffset.UTC).toString());
        alert.put("endsAt", OffsetDateTime.ofInstant(endsAt, ZoneOffset.UTC).toString());
        return alert;
    }

    private static String summary(Nonconformity nc) {
        Nonconformity.MetricTrace m = nc.metric();
        String where = m.feature() != null ? m.feature() : m.attribute() + "=" + m.group();
        return nc.ref() + ": " + m.name() + " of " + where + " in model " + nc.modelId() + " is " + m.value()
                + (m.threshold() == null
                        ? ""
                        : " (bounds " + m.threshold().lower() + ", "
                                + m.threshold().upper() + ")");
    }

    private void postAlerts(URI base, List<Map<String, Object>> alerts) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(alerts)))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() >= 300) {
                LOG.warnf(
                        "Alertmanager at %s did not take %d alert(s): %s",
                        base,
                        alerts.size(),
                        failure != null ? failure.toString() : response.statusCode() + " " + response.body());
            }
        });
    }

    private void deliver(URI url, Event event, Nonconformity nc) {
        UUID deliveryId = UUID.randomUUID();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", event.name());
        payload.put("deliveryId", deliveryId);
        payload.put("at", Instant.now());
        payload.put("nonconformity", nc);
        byte[] body = json(payload).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Aimon-Event", event.name())
                .header("X-Aimon-Delivery", deliveryId.toString())
                .header(
                        "X-Aimon-Signature",
                        "sha256=" + sign(config.webhookSecret().orElseThrow(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        AtomicInteger attempt = new AtomicInteger();
        Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .onItemOrFailure()
                .call((response, failure) -> log(
                        deliveryId,
                        attempt.incrementAndGet(),
                        url,
                        event,
                        nc.id(),
                        response == null ? null : response.statusCode(),
                        failure == null ? null : failure.toString()))
                .invoke(response -> {
                    if (response.statusCode() >= 300) {
                        throw new IllegalStateException(url + " answered " + response.statusCode());
                    }
                })
                .onFailure()
                .retry()
                .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .atMost(Math.max(0, config.webhookAttempts() - 1))
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.warnf(
                                "webhook %s: %s of %s not delivered after %d attempts: %s",
                                url, event, nc.ref(), attempt.get(), failure.getMessage()));
    }

    private Uni<Void> log(
            UUID deliveryId, int attempt, URI url, Event event, UUID nonconformityId, Integer status, String error) {
        return pool.preparedQuery(
                        "insert into webhook_delivery (delivery_id, attempt, url, event, nonconformity_id, status,"
                                + " error, at) values ($1, $2, $3, $4, $5, $6, $7, now())")
                .execute(Tuple.tuple()
                        .addUUID(deliveryId)
                        .addInteger(attempt)
                        .addString(url.toString())
                        .addString(event.name())
                        .addUUID(nonconformityId)
                        .addInteger(status)
                        .addString(error))
                .onFailure()
                .invoke(e -> LOG.warnf("cannot log webhook delivery %s: %s", deliveryId, e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** The signature of a webhook body: HMAC-SHA256 with the secret, in lower-case hex. */
    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is in every JDK", e);
        }
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
