package dev.aimon.incident.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration of incident-service, under {@code aimon.incident}. */
@ConfigMapping(prefix = "aimon.incident")
public interface IncidentConfig {

    /** The largest page {@code GET /v1/nonconformities} returns. */
    @WithDefault("500")
    int maxPageSize();

    /**
     * How long after a nonconformity closes a repeat of its breach reopens it (REOPENED) instead of opening a new
     * record.
     */
    @WithDefault("P30D")
    Duration recurrencePeriod();

    /**
     * A CSV file (breachKind,framework,ref,title) that replaces the built-in mapping of breach kinds to requirements;
     * absent: the mapping of ISO42001.md.
     */
    Optional<Path> requirementMapping();

    /**
     * Alertmanager's base URL ({@code http://alertmanager:9093}): each record in progress is an alert there (posted to
     * {@code /api/v2/alerts} when it opens, re-sent every {@code alert-resend-interval}, ended when it closes). Absent:
     * no alerts.
     */
    Optional<URI> alertmanagerUrl();

    /** How often the alerts of the records in progress are sent again (Alertmanager ends an alert not re-sent). */
    @WithDefault("PT1M")
    Duration alertResendInterval();

    /** Webhook endpoints that get every record opened, reopened, escalated and closed, signed. Absent: none. */
    Optional<List<URI>> webhookUrls();

    /**
     * The secret of the webhook signature: header {@code X-Aimon-Signature: sha256=<hex HMAC-SHA256(secret, body)>}.
     * Required when webhooks are configured.
     */
    Optional<String> webhookSecret();

    /**
     * The Ed25519 key pair that signs the register ledger's heads: a PEM file with the private key (PKCS#8) and its
     * public key ({@code openssl genpkey -algorithm ed25519 -out k.pem; openssl pkey -in k.pem -pubout >> k.pem}).
     * Keep it out of the database's reach. Absent: a key generated at start, whose heads verify only while the
     * service runs (local use).
     */
    Optional<String> auditSigningKey();

    /** How often the ledger's head is signed and published on {@code aimon.audit}, when it has moved. */
    @WithDefault("PT10S")
    Duration auditAnchorInterval();

    /** How many times a webhook delivery is tried (back-off from 1 s, doubling, up to 30 s). */
    @WithDefault("6")
    int webhookAttempts();

    /**
     * The promotion policy, by breach kind ({@code aimon.incident.policy.FAIRNESS.severity=S2}): the severity of the
     * records a kind opens and how many breaching windows of the same metric and group or feature it takes to open
     * one; until then the breaches stay monitoring events. A kind not listed: S3, one window.
     */
    Map<String, Policy> policy();

    /** The policy of one breach kind. */
    interface Policy {

        /** S1 (highest) to S4. */
        @WithDefault("S3")
        String severity();

        /** The breaching windows it takes to open a record (1: the first). */
        @WithDefault("1")
        int persistence();
    }

    /**
     * How long a record of each severity may stay OPEN ({@code aimon.incident.acknowledge-within.S1=PT1H}) before it is
     * escalated: once, an ESCALATED entry in its history, its alert labelled {@code escalated="true"}, a webhook.
     */
    Map<String, Duration> acknowledgeWithin();

    /** How often records are checked for escalation. */
    @WithDefault("PT1M")
    Duration escalationCheckInterval();

    /**
     * The shortest stretch without a window report that the controls evidence reports as a monitoring gap (set it
     * above the longest window of the plans).
     */
    @WithDefault("PT1H")
    Duration gapThreshold();
}
