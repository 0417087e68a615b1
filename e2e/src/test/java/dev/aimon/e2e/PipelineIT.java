package dev.aimon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.devkit.demo.Demo;
import dev.aimon.devkit.demo.GermanData;
import dev.aimon.devkit.net.Ports;
import dev.aimon.devkit.postgres.EmbeddedPostgres;
import dev.aimon.devkit.postgres.LocalPostgres;
import dev.aimon.devkit.prometheus.LocalPrometheus;
import dev.aimon.devkit.stack.LocalStack;
import dev.aimon.devkit.stack.Service;
import dev.aimon.events.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The walking skeleton, end to end: a plan and a biased batch of predictions go into ingest-service over HTTP; the
 * four services run as separate processes from their builds, on a real Kafka broker and aimon's own PostgreSQL; the
 * nonconformity comes out of incident-service's API, and a real Prometheus, scraping the four services with aimon's
 * alert rules loaded, fires the fairness alert.
 *
 * <p>The PostgreSQL is the one a machine without a server gets: nothing answers where this suite configures it (a
 * closed port), so {@link EmbeddedPostgres} starts one from the Maven artifact. The other suites use the local server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    static EmbeddedPostgres embedded;
    static FreshStack fresh;
    static LocalStack stack;
    static LocalPrometheus prometheus;
    static Path root;
    static String biasedModel;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        root = FreshStack.repositoryRoot();
        LocalPostgres configured = new LocalPostgres("127.0.0.1", Ports.free(), "postgres", ""); // nothing listens
        embedded = new EmbeddedPostgres(
                root.resolve("e2e/target/e2e/postgres"), root.resolve("e2e/target/e2e/logs/postgres.log"));
        LocalPostgres postgres = embedded.orConfigured(configured, false);
        assertThat(postgres.port()).as("aimon's own server").isNotEqualTo(configured.port());
        fresh = FreshStack.start("e2e", 2, postgres);
        stack = fresh.stack();
        if (LocalPrometheus.binary().isPresent()) {
            Map<String, String> targets = new LinkedHashMap<>();
            for (Service s : Service.values()) {
                targets.put(s.module(), URI.create(stack.url(s)).getAuthority());
            }
            prometheus = LocalPrometheus.start(targets, List.of(root.resolve("deploy/prometheus/rules/aimon.yml")));
        }
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (fresh != null) {
            fresh.close();
        }
        if (embedded != null) {
            embedded.stop();
        }
    }

    /**
     * One window of 200 predictions: 80 women, 12 approved (rate 0.15); 120 men, 60 approved (rate 0.5). Worked by
     * hand: disparate impact 0.15 / 0.5 = 0.3, below the four-fifths bound 0.8, and statistical parity difference 0.15
     * − 0.5 = −0.35, below the default bound −0.1; both groups are above the plan's minimum of 30.
     */
    @Test
    @Order(1)
    void aBiasedWindowBecomesANonconformity() throws Exception {
        String model = "e2e-" + UUID.randomUUID();
        biasedModel = model;
        String plan = """
                {"features":[{"name":"age","type":"NUMERIC"}],
                 "protectedAttributes":[{"name":"sex","privileged":["Male"]}],
                 "favorableOutcome":1,"window":{"events":200},"minGroupSize":30,
                 "fairness":{"alpha":0.05,"metrics":{"DISPARATE_IMPACT_RATIO":{"lower":0.8,"upper":1.25}}}}""";
        JsonNode stored = send("PUT", Service.INGEST, "/v1/models/" + model + "/plan", "application/json", plan);
        assertThat(stored.path("planVersion").asInt()).isEqualTo(1);

        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(300);
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            boolean female = i < 80;
            boolean approved = female ? i < 12 : i < 140;
            ndjson.append("""
                    {"eventId":"%s-%d","modelId":"%s","modelVersion":"7","timestamp":"%s","features":{"age":%d},\
                    "attributes":{"sex":"%s"},"prediction":%d}
                    """.formatted(
                    model, i, model, t0.plusSeconds(i), 20 + i % 50, female ? "Female" : "Male", approved ? 1 : 0));
        }
        ndjson.append("{\"eventId\":\"bad\",\"modelId\":\"").append(model).append("\"}\n");
        JsonNode answer = send("POST", Service.INGEST, "/v1/predictions", "application/x-ndjson", ndjson.toString());
        assertThat(answer.path("accepted").asInt()).isEqualTo(200);
        assertThat(answer.path("rejected").get(0).path("index").asInt()).isEqualTo(200);

        JsonNode list = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> send("GET", Service.INCIDENT, "/v1/nonconformities?modelId=" + model, null, null),
                        l -> l.size() >= 2);
        assertThat(list).hasSize(2);
        JsonNode spd = find(list, "STATISTICAL_PARITY_DIFFERENCE");
        assertThat(spd.path("metric").path("value").asDouble()).isCloseTo(-0.35, within(1e-12));
        assertThat(spd.path("metric").path("threshold").path("lower").asDouble())
                .isEqualTo(-0.1);
        JsonNode nc = find(list, "DISPARATE_IMPACT_RATIO");
        assertThat(nc.path("modelId").asText()).isEqualTo(model);
        assertThat(nc.path("modelVersion").asText()).isEqualTo("7");
        assertThat(nc.path("planVersion").asInt()).isEqualTo(1);
        assertThat(nc.path("breachKind").asText()).isEqualTo("FAIRNESS");
        assertThat(nc.path("status").asText()).isEqualTo("OPEN");
        assertThat(nc.path("metric").path("name").asText()).isEqualTo("DISPARATE_IMPACT_RATIO");
        assertThat(nc.path("metric").path("attribute").asText()).isEqualTo("sex");
        assertThat(nc.path("metric").path("group").asText()).isEqualTo("Female");
        assertThat(nc.path("metric").path("value").asDouble()).isCloseTo(0.3, within(1e-12));
        assertThat(nc.path("metric").path("n").asLong()).isEqualTo(80);
        assertThat(nc.path("metric").path("referenceN").asLong()).isEqualTo(120);
        assertThat(nc.path("metric").path("threshold").path("lower").asDouble()).isEqualTo(0.8);
        assertThat(Instant.parse(nc.path("window").path("start").asText())).isEqualTo(t0);
        assertThat(Instant.parse(nc.path("window").path("end").asText())).isEqualTo(t0.plusSeconds(199));
        assertThat(nc.path("window").path("events").asLong()).isEqualTo(200);

        JsonNode windows = send("GET", Service.FAIRNESS, "/v1/models/" + model + "/windows", null, null);
        assertThat(nc.path("reportId").asText())
                .isEqualTo(windows.get(0).path("reportId").asText());
    }

    /**
     * Prometheus, scraping the four services every second with deploy/prometheus/rules/aimon.yml loaded, fires
     * AimonFairnessBreach for the biased model; and every metric that the rules and the Grafana dashboard name is one
     * the services expose (Prometheus has scraped a series of it).
     */
    @Test
    @Order(2)
    void prometheusFiresTheFairnessAlertAndKnowsEveryMetricTheRulesAndTheDashboardUse() throws Exception {
        if (prometheus == null) {
            assumeTrue(System.getenv("CI") != null, "no Prometheus here (apt-get install prometheus)");
            throw new AssertionError("CI must install Prometheus (Debian's prometheus package): see .ci/run");
        }
        assertThat(biasedModel).as("the biased stream of the first test").isNotNull();
        // Two windows of a model for drift (the first is its reference), so that drift has results to show.
        String drifting = "e2e-drift-" + UUID.randomUUID();
        send("PUT", Service.INGEST, "/v1/models/" + drifting + "/plan", "application/json", """
                {"features":[{"name":"age","type":"NUMERIC"}],"favorableOutcome":1,"window":{"events":50},
                 "minGroupSize":30,"drift":{"reference":"FIRST_WINDOW"}}""");
        StringBuilder ndjson = new StringBuilder();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(100);
        for (int i = 0; i < 100; i++) {
            ndjson.append("""
                    {"eventId":"%s-%d","modelId":"%s","modelVersion":"1","timestamp":"%s","features":{"age":%d},\
                    "prediction":%d}
                    """.formatted(drifting, i, drifting, t0.plusSeconds(i), 20 + i, i % 2));
        }
        send("POST", Service.INGEST, "/v1/predictions", "application/x-ndjson", ndjson.toString());

        JsonNode alert = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> prometheus.alerts().stream()
                                .filter(a -> a.at("/labels/alertname").asText().equals("AimonFairnessBreach")
                                        && a.at("/labels/model").asText().equals(biasedModel)
                                        && a.at("/labels/metric").asText().equals("DISPARATE_IMPACT_RATIO")
                                        && a.path("state").asText().equals("firing"))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(alert.at("/labels/severity").asText()).isEqualTo("warning");
        assertThat(alert.at("/annotations/summary").asText())
                .isEqualTo("Fairness breach on " + biasedModel + ": DISPARATE_IMPACT_RATIO");
        assertThat(prometheus.alerts())
                .noneMatch(a -> a.at("/labels/alertname").asText().equals("AimonServiceDown"));

        Set<String> used = new TreeSet<>();
        used.addAll(metricNames(Files.readString(root.resolve("deploy/prometheus/rules/aimon.yml"))));
        used.addAll(metricNames(Files.readString(root.resolve("deploy/grafana/dashboards/aimon.json"))));
        assertThat(used)
                .contains(
                        "aimon_fairness_value",
                        "aimon_nonconformities_open",
                        "kafka_consumer_fetch_manager_records_lag_max");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(prometheus.metricNames()).containsAll(used));
    }

    /**
     * The demo's story, live, on German Credit (the shorter data set; DemoStoryTest checks both offline): its clean
     * act opens nothing, its bias act a fairness nonconformity, its drift act a data drift one on the drifted feature.
     */
    @Test
    @Order(3)
    void theDemoOpensNothingOnCleanTrafficAndCatchesItsBiasAndItsDrift() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Map<String, List<String>> opened =
                new Demo(stack, new PrintStream(output, true, StandardCharsets.UTF_8)).run("german");
        String printed = output.toString(StandardCharsets.UTF_8);

        assertThat(opened.get("clean")).as(printed).isEmpty();
        assertThat(opened.get("bias")).as(printed).contains("FAIRNESS").doesNotContain("DATA_DRIFT");
        assertThat(opened.get("drift")).as(printed).contains("DATA_DRIFT").doesNotContain("FAIRNESS");
        assertThat(printed).contains("DISPARATE_IMPACT_RATIO sex=female").contains("KS credit_amount");

        // It ends with the way into the console: its URL and a token that logs a governance user in.
        assertThat(printed).contains("The governance console: " + stack.url(Service.INCIDENT) + "/console");
        List<String> lines = printed.lines().toList();
        String token = lines.getLast().trim();
        HttpResponse<String> login = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.url(Service.INCIDENT) + "/console/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().allValues("Set-Cookie"))
                .as("the console takes the printed token: %s %s", login.statusCode(), login.body())
                .anySatisfy(c -> assertThat(c).startsWith("aimon_token="));
    }

    /**
     * The governance console in a real browser (headless Chromium), on the demo's records: log in, filter, open a
     * record, move it, see a refusal, and each page (the list, a record, a control's evidence, the management review, a
     * model's charts) with a full-page screenshot kept in e2e/target/console-screenshots. Every page is checked for
     * labelled controls, named charts, a language and one main heading.
     */
    @Test
    @Order(4)
    void theConsoleShowsTheDemosRecordsInARealBrowser() {
        Optional<String[]> chromium = Browser.installed();
        if (chromium.isEmpty()) {
            assumeTrue(System.getenv("CI") != null, "no chromium here (apt-get install chromium chromium-driver)");
            throw new AssertionError("CI must install chromium and chromium-driver: see .ci/run");
        }
        String base = stack.url(Service.INCIDENT);
        try (Browser browser = Browser.start(chromium.get(), root.resolve("e2e/target/console-screenshots"))) {
            WebDriver web = browser.driver;
            // Not logged in: the console sends you to its login page.
            web.get(base + "/console");
            assertThat(web.getCurrentUrl()).endsWith("/console/login");
            assertThat(browser.accessibilityProblems()).isEmpty();
            // The first Tab reaches the skip link: the pages are keyboard-first.
            web.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            assertThat(web.switchTo().activeElement().getText()).isEqualTo("Skip to content");
            web.findElement(By.id("token")).sendKeys("not a token");
            browser.clickAndWait(web.findElement(By.cssSelector("button[type=submit]")));
            assertThat(web.findElement(By.cssSelector("[role=alert]")).getText())
                    .contains("not valid");
            browser.screenshot("01-login-refused");
            web.findElement(By.id("token")).sendKeys(stack.token("gina", "governance"));
            browser.clickAndWait(web.findElement(By.cssSelector("button[type=submit]")));

            // The list, then filtered to fairness records of the demo's model.
            assertThat(web.getCurrentUrl()).endsWith("/console");
            assertThat(web.findElements(By.cssSelector("tbody tr"))).hasSizeGreaterThanOrEqualTo(6);
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("02-list");
            web.findElement(By.id("f-model")).sendKeys(GermanData.MODEL);
            new Select(web.findElement(By.id("f-kind"))).selectByVisibleText("FAIRNESS");
            browser.clickAndWait(web.findElement(By.cssSelector(".filters button")));
            List<WebElement> rows = web.findElements(By.cssSelector("tbody tr"));
            assertThat(rows).hasSize(2);
            assertThat(rows)
                    .allSatisfy(r -> assertThat(
                                    r.findElements(By.tagName("td")).get(3).getText())
                            .isEqualTo("FAIRNESS"));
            browser.screenshot("03-list-filtered");

            // A record: its trace and its chain, then a move and a refusal.
            WebElement sexRow = rows.stream()
                    .filter(r -> r.getText().contains("sex=female"))
                    .findFirst()
                    .orElseThrow();
            browser.clickAndWait(sexRow.findElement(By.tagName("a")));
            assertThat(web.findElement(By.cssSelector("dl.trace")).getText())
                    .contains("DISPARATE_IMPACT_RATIO")
                    .contains("sex = female against male")
                    .contains("lower 0.8, upper 1.25");
            assertThat(web.findElement(By.id("chain")).getText()).startsWith("The history verifies");
            assertThat(web.findElement(By.id("status")).getText()).isEqualTo("OPEN");
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("04-record");
            WebElement acknowledge = web.findElement(By.cssSelector("form[aria-label^='Acknowledge']"));
            assertThat(acknowledge.findElement(By.name("owner")).getAttribute("value"))
                    .isEqualTo("gina");
            acknowledge.findElement(By.name("note")).sendKeys("Looking into the decisions for women.");
            browser.clickAndWait(acknowledge.findElement(By.cssSelector("button[type=submit]")));
            assertThat(web.findElement(By.cssSelector("[role=status]")).getText())
                    .isEqualTo("Moved to ACKNOWLEDGED.");
            assertThat(web.findElement(By.id("status")).getText()).isEqualTo("ACKNOWLEDGED");
            assertThat(web.findElement(By.cssSelector("ol.timeline")).getText())
                    .contains("TRANSITION → ACKNOWLEDGED by gina");
            assertThat(web.findElement(By.id("chain")).getText()).startsWith("The history verifies");
            browser.screenshot("05-acknowledged");
            // Containing it without saying how: the lifecycle refuses, and the page says what is missing.
            WebElement contain = web.findElement(By.cssSelector("form[aria-label^='Contain']"));
            browser.clickAndWait(contain.findElement(By.cssSelector("button[type=submit]")));
            assertThat(web.findElement(By.cssSelector(".refusal")).getText())
                    .contains("Refused (422)")
                    .contains("containmentActions");
            assertThat(web.findElement(By.id("status")).getText()).isEqualTo("ACKNOWLEDGED");
            browser.screenshot("06-refused");

            // A control's evidence, the management review and the model's charts.
            web.get(base + "/console/controls");
            browser.clickAndWait(web.findElement(By.linkText("A.6.2.6")));
            assertThat(Long.parseLong(
                            web.findElement(By.id("windows-monitored")).getText()))
                    .isGreaterThan(0);
            assertThat(web.findElements(By.cssSelector("svg.chart rect"))).isNotEmpty();
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("07-control-evidence");
            browser.clickAndWait(web.findElement(By.linkText("Management review")));
            assertThat(Long.parseLong(web.findElement(By.id("opened")).getText()))
                    .isGreaterThanOrEqualTo(6);
            assertThat(web.findElements(By.cssSelector("svg.chart"))).hasSize(4);
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("08-management-review");
            web.get(base + "/console/models/" + GermanData.MODEL);
            WebElement dir = web.findElements(By.cssSelector("section")).stream()
                    .filter(s -> s.findElement(By.tagName("h2")).getText().startsWith("DISPARATE_IMPACT_RATIO of sex "))
                    .findFirst()
                    .orElseThrow();
            // The bounds of the four-fifths rule, drawn, and the bias act's window below them.
            assertThat(dir.findElements(By.cssSelector("line.bound"))).hasSize(2);
            assertThat(dir.findElement(By.tagName("svg")).getText())
                    .contains("lower bound 0.8")
                    .contains("upper bound 1.25");
            assertThat(dir.findElement(By.tagName("table")).getAttribute("textContent"))
                    .contains("(breach)");
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("09-model-charts");

            // The console's link to the audit pack: the printable record of the period, on the login's cookie.
            web.get(base + "/console");
            browser.clickAndWait(web.findElement(By.linkText("Audit pack")));
            assertThat(web.findElement(By.tagName("h1")).getText()).isEqualTo("aimon audit pack");
            assertThat(web.getPageSource()).contains("DISPARATE_IMPACT_RATIO");
            browser.screenshot("10-audit-pack", 1800); // its top: the README shows it
            Map<String, String> images = new LinkedHashMap<>(Map.of(
                    "02-list", "console-list",
                    "04-record", "console-record",
                    "09-model-charts", "console-model-charts",
                    "10-audit-pack", "audit-pack"));

            // The Grafana dashboard's first panel ("Fairness metrics and their bounds") as Prometheus's own graph
            // draws its query: Grafana is not on the registries the test machines reach, Prometheus is.
            if (prometheus != null) {
                String query =
                        "aimon_fairness_value{model=\"" + GermanData.MODEL + "\", metric=\"DISPARATE_IMPACT_RATIO\"}";
                // Debian's Prometheus serves its classic UI (the React one is not in the package).
                web.get(prometheus.url() + "/classic/graph?g0.expr=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                        + "&g0.tab=0&g0.range_input=15m");
                new WebDriverWait(web, Duration.ofSeconds(30))
                        .until(d -> !d.findElements(By.cssSelector(".legend li.line .label"))
                                .isEmpty());
                assertThat(web.findElement(By.cssSelector(".legend")).getText())
                        .contains("aimon_fairness_value")
                        .contains("DISPARATE_IMPACT_RATIO");
                browser.screenshot("11-prometheus-fairness");
                images.put("11-prometheus-fairness", "dashboard-fairness-panel-query");
            }
            browser.publish(images);
            web.get(base + "/console");

            // An auditor reads but may not move a record.
            browser.clickAndWait(web.findElement(By.cssSelector("header form button")));
            web.findElement(By.id("token")).sendKeys(stack.token("audrey", "auditor"));
            browser.clickAndWait(web.findElement(By.cssSelector("button[type=submit]")));
            web.get(base + "/console?modelId=" + GermanData.MODEL + "&breachKind=FAIRNESS");
            browser.clickAndWait(web.findElements(By.cssSelector("tbody tr a")).getFirst());
            assertThat(web.findElements(By.cssSelector("form.move"))).isEmpty();
            assertThat(web.getPageSource()).contains("No move is open to you here");
        }
    }

    /** The aimon_… and kafka_… metric names a file of rules or dashboards mentions. */
    static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:aimon|kafka)_[a-z0-9_]+)").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static JsonNode find(JsonNode list, String metric) {
        for (JsonNode nc : list) {
            if (nc.path("metric").path("name").asText().equals(metric)) {
                return nc;
            }
        }
        throw new AssertionError("no nonconformity for " + metric + " in " + list);
    }

    static JsonNode send(String method, Service service, String path, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + stack.token("pipeline-it", "producer", "governance", "auditor"));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isBetween(200, 299);
        return EventJson.mapper().readTree(response.body());
    }
}
