package dev.aimon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.devkit.auth.DevKeys;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every endpoint of the four services against every role, bad tokens and injection attempts, on the running stack.
 * The endpoints come from each service's OpenAPI document (and the console's pages, which it leaves out), so a new
 * endpoint without a decision in {@link #EXPECTED} fails this test. The counts it prints are RELIABILITY.md's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

    static final List<String> ROLES = List.of("producer", "auditor", "sre", "governance", "admin");
    static final Set<String> READERS = Set.of("producer", "auditor", "sre", "governance", "admin");
    static final Set<String> GOVERNANCE_READERS = Set.of("auditor", "sre", "governance", "admin");

    /** Who may call what: "service METHOD path" → the roles allowed (empty: anyone, no token needed). */
    static final Map<String, Set<String>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("ingest PUT /v1/models/{modelId}/plan", Set.of("governance", "admin"));
        EXPECTED.put("ingest GET /v1/models/{modelId}/plan", READERS);
        EXPECTED.put("ingest DELETE /v1/models/{modelId}/plan", Set.of("governance", "admin"));
        EXPECTED.put("ingest GET /v1/models/{modelId}/plan/history", READERS);
        EXPECTED.put("ingest POST /v1/predictions", Set.of("producer", "admin"));
        EXPECTED.put("ingest POST /v1/labels", Set.of("producer", "admin"));
        EXPECTED.put("ingest POST /v1/kserve", Set.of("producer", "admin"));
        for (String s : List.of("fairness", "drift")) {
            EXPECTED.put(s + " GET /v1/models/{modelId}/windows", READERS);
            EXPECTED.put(s + " POST /v1/evaluate", Set.of("producer", "governance", "admin"));
        }
        EXPECTED.put("drift PUT /v1/models/{modelId}/reference", Set.of("governance", "admin"));
        EXPECTED.put("drift GET /v1/models/{modelId}/reference", READERS);
        EXPECTED.put("drift GET /v1/models/{modelId}/reference/versions", READERS);
        for (String path : List.of(
                "/v1/nonconformities",
                "/v1/nonconformities/{id}",
                "/v1/nonconformities/{id}/history",
                "/v1/nonconformities/{id}/deliveries",
                "/v1/models/{modelId}/evidence",
                "/v1/controls/{ref}/evidence",
                "/v1/reports/management-review",
                "/v1/regulatory/serious-incidents")) {
            EXPECTED.put("incident GET " + path, GOVERNANCE_READERS);
        }
        EXPECTED.put("incident POST /v1/nonconformities/{id}/transitions", Set.of("governance", "sre", "admin"));
        EXPECTED.put("incident POST /v1/nonconformities/{id}/communications", Set.of("governance", "admin"));
        EXPECTED.put("incident POST /v1/nonconformities/{id}/regulatory-reports", Set.of("governance", "admin"));
        for (String export : List.of("nonconformities.csv", "bundle.json", "audit-pack.html")) {
            EXPECTED.put("incident GET /v1/exports/" + export, Set.of("auditor", "governance", "admin"));
        }
        EXPECTED.put("incident GET /v1/audit/register", Set.of("auditor", "governance", "admin"));
        EXPECTED.put("incident GET /v1/audit/key", Set.of("auditor", "governance", "admin"));
        EXPECTED.put("incident POST /v1/audit/anchors", Set.of("governance", "admin"));
    }

    /** The console's pages: hidden from the OpenAPI document; without a token they send you to the login page. */
    static final Map<String, Set<String>> CONSOLE = new LinkedHashMap<>();

    static {
        for (String path : List.of(
                "/console",
                "/console/nonconformities/{id}",
                "/console/controls",
                "/console/controls/{ref}",
                "/console/review",
                "/console/models",
                "/console/models/{modelId}")) {
            CONSOLE.put("incident GET " + path, GOVERNANCE_READERS);
        }
        CONSOLE.put("incident POST /console/nonconformities/{id}/transitions", Set.of("governance", "sre", "admin"));
    }

    static final Map<Service, String> NAMES = Map.of(
            Service.INGEST,
            "ingest",
            Service.FAIRNESS,
            "fairness",
            Service.DRIFT,
            "drift",
            Service.INCIDENT,
            "incident");

    static FreshStack fresh;
    static LocalStack stack;
    static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** Every token this test sent, to look for in the services' logs. */
    static final List<String> SENT = new ArrayList<>();

    static int requests;
    static int serverErrors;

    @BeforeAll
    static void start() throws Exception {
        fresh = FreshStack.start("sec", 1);
        stack = fresh.stack();
    }

    @AfterAll
    static void stop() {
        if (fresh != null) {
            fresh.close();
        }
        System.out.printf("SecurityIT: %d requests, %d answered 5xx%n", requests, serverErrors);
    }

    /** The matrix: no token 401, a token without the role 403, each role allowed in (or 403 where it is not). */
    @Test
    @Order(1)
    void everyEndpointButHealthMetricsAndOpenApiNeedsATokenWithTheRightRole() throws Exception {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            JsonNode paths = EventJson.mapper()
                    .readTree(
                            call("GET", s, "/q/openapi?format=json", null, null).body())
                    .path("paths");
            for (Iterator<String> p = paths.fieldNames(); p.hasNext(); ) {
                String path = p.next();
                for (Iterator<String> m = paths.path(path).fieldNames(); m.hasNext(); ) {
                    String method = m.next().toUpperCase();
                    if (Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                        found.put(NAMES.get(s) + " " + method + " " + path, null);
                    }
                }
            }
        }
        assertThat(found.keySet())
                .as("every endpoint in the OpenAPI documents has a decision here, and every decision an endpoint")
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());

        Map<String, Set<String>> all = new LinkedHashMap<>(EXPECTED);
        all.putAll(CONSOLE);
        int cells = 0;
        for (Map.Entry<String, Set<String>> e : all.entrySet()) {
            String[] parts = e.getKey().split(" ", 3);
            Service service = service(parts[0]);
            String method = parts[1];
            String path = fill(parts[2]);
            boolean console = path.startsWith("/console");
            int anonymous = call(method, service, path, body(parts[2]), null).statusCode();
            assertThat(anonymous).as("%s without a token", e.getKey()).isEqualTo(console ? 303 : 401);
            assertThat(call(method, service, path, body(parts[2]), token("nobody"))
                            .statusCode())
                    .as("%s with a token without roles", e.getKey())
                    .isEqualTo(403);
            cells += 2;
            for (String role : ROLES) {
                int status = call(method, service, path, body(parts[2]), token("someone", role))
                        .statusCode();
                if (e.getValue().contains(role)) {
                    assertThat(status)
                            .as("%s as %s", e.getKey(), role)
                            .isNotIn(401, 403)
                            .isLessThan(500);
                } else {
                    assertThat(status).as("%s as %s", e.getKey(), role).isEqualTo(403);
                }
                cells++;
            }
        }
        for (Service s : Service.values()) {
            for (String open : List.of("/q/health", "/q/metrics", "/q/openapi")) {
                assertThat(call("GET", s, open, null, null).statusCode())
                        .as(s + open)
                        .isEqualTo(200);
            }
        }
        System.out.printf("SecurityIT matrix: %d endpoints × 7 identities = %d calls%n", all.size(), cells);
        assertThat(serverErrors).isZero();
    }

    /** Expired, foreign, unsigned, algorithm-confused and wrongly issued tokens are refused by every service. */
    @Test
    @Order(2)
    void badTokensAreRefusedEverywhere() throws IOException {
        DevKeys keys = stack.keys();
        Instant now = Instant.now();
        String good = keys.token("mallory", List.of("admin"), Duration.ofMinutes(10));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put(
                "expired an hour ago",
                keys.token("aimon", "mallory", List.of("admin"), now.minusSeconds(7200), now.minusSeconds(3600)));
        bad.put("issued by someone else", keys.token("evil", "mallory", List.of("admin"), now, now.plusSeconds(600)));
        bad.put(
                "signed by a key nobody trusts",
                DevKeys.in(Files.createTempDirectory("aimon-foreign"))
                        .token("mallory", List.of("admin"), Duration.ofMinutes(10)));
        bad.put("alg none, no signature", DevKeys.unsigned(good));
        bad.put("HS256 keyed with the public key", DevKeys.hmacSigned(good, Files.readAllBytes(keys.publicKeyFile())));
        String other = keys.token("x", List.of(), Duration.ofMinutes(1));
        bad.put(
                "claims with another token's signature",
                good.substring(0, good.lastIndexOf('.')) + other.substring(other.lastIndexOf('.')));
        bad.put("not a token", "not.a.token");
        Map<Service, String> probe = Map.of(
                Service.INGEST, "/v1/models/m/plan",
                Service.FAIRNESS, "/v1/models/m/windows",
                Service.DRIFT, "/v1/models/m/reference/versions",
                Service.INCIDENT, "/v1/nonconformities");
        for (Service s : Service.values()) {
            assertThat(call("GET", s, probe.get(s), null, good).statusCode())
                    .as(s + " with a good token")
                    .isNotIn(401, 403);
            for (Map.Entry<String, String> b : bad.entrySet()) {
                SENT.add(b.getValue());
                assertThat(call("GET", s, probe.get(s), null, b.getValue()).statusCode())
                        .as("%s: %s", s, b.getKey())
                        .isEqualTo(401);
            }
        }
    }

    /** SQL and header injection in query parameters and paths: refused or harmless, never a 5xx, never a header. */
    @Test
    @Order(3)
    void injectionAttemptsAreHarmless() throws Exception {
        String reader = token("ivy", "admin");
        List<String> payloads = List.of(
                "' OR '1'='1",
                "x'; DROP TABLE nonconformity; --",
                "openedAt; DELETE FROM nonconformity_event",
                "\") OR 1=1 --",
                "x\r\nSet-Cookie: pwned=1",
                "%00",
                "../../etc/passwd",
                "${jndi:ldap://127.0.0.1/x}",
                "\"><script>alert(1)</script>");
        List<String> incidentParameters =
                List.of("modelId", "status", "severity", "breachKind", "requirement", "owner", "sort", "openedFrom");
        int tried = 0;
        for (String p : payloads) {
            String q = URLEncoder.encode(p, StandardCharsets.UTF_8);
            for (String parameter : incidentParameters) {
                HttpResponse<String> r =
                        call("GET", Service.INCIDENT, "/v1/nonconformities?" + parameter + "=" + q, null, reader);
                assertThat(r.statusCode()).as(parameter + "=" + p).isIn(200, 400);
                assertThat(r.headers().allValues("set-cookie"))
                        .as(parameter + "=" + p)
                        .isEmpty();
                HttpResponse<String> page =
                        call("GET", Service.INCIDENT, "/console?" + parameter + "=" + q, null, reader);
                assertThat(page.statusCode())
                        .as("console " + parameter + "=" + p)
                        .isIn(200, 400);
                // Echoed in the filter form, escaped: none of the payload's markup reaches the page.
                assertThat(page.body()).as("console " + parameter).doesNotContain("<script>alert(1)");
                assertThat(page.headers().allValues("set-cookie")).isEmpty();
                tried += 2;
            }
            String path = URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20");
            for (Service s : Service.values()) {
                String endpoint = s == Service.INGEST
                        ? "/v1/models/" + path + "/plan"
                        : s == Service.INCIDENT
                                ? "/v1/models/" + path + "/evidence"
                                : "/v1/models/" + path + "/windows";
                HttpResponse<String> r = call("GET", s, endpoint + "?limit=" + q, null, reader);
                assertThat(r.statusCode()).as(s + " " + p).isLessThan(500);
                assertThat(r.headers().allValues("set-cookie")).isEmpty();
                tried++;
            }
        }
        // The tables are still there and still answer.
        assertThat(call("GET", Service.INCIDENT, "/v1/nonconformities", null, reader)
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("GET", Service.INGEST, "/v1/models/m/plan/history", null, reader)
                        .statusCode())
                .isLessThan(500);
        System.out.printf("SecurityIT injection: %d requests with %d payloads%n", tried, payloads.size());
        assertThat(serverErrors).isZero();
    }

    /** After all of the above, no service wrote any token it was sent (or a part that would let one be rebuilt). */
    @Test
    @Order(4)
    void noTokenReachesTheLogs() throws IOException {
        assertThat(SENT).hasSizeGreaterThan(100);
        Set<String> signatures = new TreeSet<>();
        for (String t : SENT) {
            String[] parts = t.split("\\.");
            if (parts.length == 3 && parts[2].length() > 16) {
                signatures.add(parts[2]);
            }
            if (parts.length >= 2 && parts[1].length() > 16) {
                signatures.add(parts[1]);
            }
        }
        for (Service s : Service.values()) {
            String log = Files.readString(stack.log(s.module()));
            assertThat(log).as(s.module() + "'s log").isNotEmpty().doesNotContain("Bearer ey");
            for (String secret : signatures) {
                assertThat(log.contains(secret))
                        .as(s.module() + " logged a token")
                        .isFalse();
            }
        }
    }

    // --- helpers ---

    private static String token(String subject, String... roles) {
        String t = stack.token(subject, roles);
        SENT.add(t);
        return t;
    }

    private static Service service(String name) {
        return NAMES.entrySet().stream()
                .filter(e -> e.getValue().equals(name))
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    private static String fill(String path) {
        return path.replace("{modelId}", "sec-model")
                .replace("{id}", UUID.randomUUID().toString())
                .replace("{ref}", "ISO42001:A.6.2.6");
    }

    /** A body for a write: empty JSON of the kind the endpoint takes; the roles are checked before it is read. */
    private static String body(String path) {
        if (path.endsWith("/reference")) {
            return "[]";
        }
        // sre may acknowledge and nothing else: the move named decides whether the role may make it.
        return path.endsWith("/transitions") ? "{\"to\":\"ACKNOWLEDGED\",\"owner\":\"x\"}" : "{}";
    }

    static HttpResponse<String> call(String method, Service s, String path, String body, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(stack.url(s) + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        boolean write = method.equals("POST") || method.equals("PUT");
        if (write) {
            boolean form = path.startsWith("/console");
            request.header("Content-Type", form ? "application/x-www-form-urlencoded" : "application/json");
            request.method(
                    method, HttpRequest.BodyPublishers.ofString(form ? "to=ACKNOWLEDGED" : body == null ? "{}" : body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            requests++;
            if (response.statusCode() >= 500) {
                serverErrors++;
                System.out.printf("5xx: %s %s %s → %d %s%n", method, s, path, response.statusCode(), response.body());
            }
            return response;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
