package dev.aimon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart helm/aimon, linted and rendered by Helm's own code (helm-java), its manifests read back and checked. */
class HelmChartTest {

    static final Path ROOT =
            Path.of(System.getProperty("aimon.root", "..")).toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("helm/aimon");
    static final YAMLMapper YAML = new YAMLMapper();
    static final String KEY = "-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----\n";

    @Test
    void lintsCleanWhenGivenItsRequiredValues(@TempDir Path dir) throws IOException {
        // helm lint takes no values here: lint a copy whose values.yaml carries the one required value, the JWT key.
        Path copy = copy(CHART, dir.resolve("aimon"));
        Path values = copy.resolve("values.yaml");
        Files.writeString(
                values,
                Files.readString(values)
                        .replace("  publicKey: \"\"", "  publicKey: \"" + KEY.replace("\n", "\\n") + "\""));

        LintResult lint = new Helm(copy).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void rendersTheFourServicesWithProbesAndALockedDownContainer() {
        List<JsonNode> manifests = render(t -> t);

        List<JsonNode> deployments = kind(manifests, "Deployment");
        assertThat(deployments)
                .extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("r-aimon-ingest", "r-aimon-fairness", "r-aimon-drift", "r-aimon-incident");
        assertThat(kind(manifests, "Service")).hasSize(4);
        for (JsonNode d : deployments) {
            JsonNode pod = d.at("/spec/template/spec");
            JsonNode c = pod.at("/containers/0");
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                    .isTrue();
            assertThat(c.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean())
                    .isFalse();
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(d.at("/spec/replicas").asInt()).isEqualTo(1);
            assertThat(env(c, "AIMON_KAFKA")).isEqualTo("kafka:9092");
            assertThat(c.at("/image").asText()).matches("ghcr.io/aimon-dev/aimon/[a-z]+-service:0.1.0-SNAPSHOT");
        }
        JsonNode drift = named(deployments, "r-aimon-drift").at("/spec/template/spec/containers/0");
        assertThat(drift.at("/ports/0/containerPort").asInt()).isEqualTo(8083);
        assertThat(env(drift, "QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:postgresql://postgresql:5432/aimon_drift");
        assertThat(env(drift, "AIMON_JWT_PUBLIC_KEY")).isEqualTo("file:/etc/aimon/jwt/public.pem");
        JsonNode fairness = named(deployments, "r-aimon-fairness").at("/spec/template/spec/containers/0");
        assertThat(env(fairness, "AIMON_JWT_PUBLIC_KEY"))
                .as("fairness checks tokens too: its window reports and /v1/evaluate need one")
                .isEqualTo("file:/etc/aimon/jwt/public.pem");
        assertThat(fairness.at("/volumeMounts").findValuesAsText("mountPath")).contains("/etc/aimon/jwt");
        assertThat(kind(manifests, "Secret"))
                .extracting(s -> s.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("r-aimon-postgresql", "r-aimon-jwt");
        assertThat(kind(manifests, "ServiceMonitor")).isEmpty();
        assertThat(kind(manifests, "PrometheusRule")).isEmpty();
        assertThat(kind(manifests, "HorizontalPodAutoscaler")).isEmpty();
        assertThat(kind(manifests, "KafkaTopic")).isEmpty();
    }

    @Test
    void aServiceOverridesTheDefaultsAndCanBeLeftOut() {
        List<JsonNode> manifests = render(t -> t.set("services.fairness.enabled", "false")
                .set("services.drift.replicaCount", "3")
                .set("services.incident.autoscaling.enabled", "true")
                .set("postgresql.existingSecret", "pg")
                .set("jwt.existingSecret", "keys"));

        List<JsonNode> deployments = kind(manifests, "Deployment");
        assertThat(deployments)
                .hasSize(3)
                .noneMatch(d -> d.at("/metadata/name").asText().endsWith("fairness"));
        assertThat(named(deployments, "r-aimon-drift").at("/spec/replicas").asInt())
                .isEqualTo(3);
        assertThat(named(deployments, "r-aimon-ingest").at("/spec/replicas").asInt())
                .isEqualTo(1);
        assertThat(named(deployments, "r-aimon-incident").at("/spec/replicas").isMissingNode())
                .isTrue();
        assertThat(kind(manifests, "HorizontalPodAutoscaler"))
                .singleElement()
                .satisfies(h ->
                        assertThat(h.at("/spec/scaleTargetRef/name").asText()).isEqualTo("r-aimon-incident"));
        assertThat(kind(manifests, "Secret"))
                .as("existing Secrets are used, none made")
                .isEmpty();
        JsonNode ingest = named(deployments, "r-aimon-ingest").at("/spec/template/spec");
        assertThat(ingest.toString()).contains("\"secretName\":\"keys\"").contains("\"name\":\"pg\"");
    }

    @Test
    void rendersTheServiceMonitorAndTheRulesOfDeployWhenEnabled() throws IOException {
        List<JsonNode> manifests = render(t -> t.set("metrics.serviceMonitor.enabled", "true")
                .set("metrics.serviceMonitor.interval", "15s")
                .set("metrics.serviceMonitor.labels.release", "kube-prometheus")
                .set("metrics.prometheusRule.enabled", "true")
                .set("metrics.prometheusRule.rules[0].alert", "Extra")
                .set("metrics.prometheusRule.rules[0].expr", "vector(1)"));

        JsonNode monitor = kind(manifests, "ServiceMonitor").get(0);
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/endpoints/0/interval").asText()).isEqualTo("15s");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1part-of")
                        .asText())
                .isEqualTo("aimon");
        JsonNode groups = kind(manifests, "PrometheusRule").get(0).at("/spec/groups");
        JsonNode deployed = YAML.readTree(
                        ROOT.resolve("deploy/prometheus/rules/aimon.yml").toFile())
                .get("groups");
        assertThat(groups.size()).isEqualTo(deployed.size() + 1);
        for (int i = 0; i < deployed.size(); i++) {
            assertThat(groups.get(i)).isEqualTo(deployed.get(i));
        }
        assertThat(groups.get(deployed.size()).at("/rules/0/alert").asText()).isEqualTo("Extra");
    }

    @Test
    void theChartsRulesAreTheRulesOfDeploy() throws IOException {
        assertThat(Files.readString(CHART.resolve("files/aimon-rules.yml")))
                .as("helm/aimon/files/aimon-rules.yml must be a copy of deploy/prometheus/rules/aimon.yml")
                .isEqualTo(Files.readString(ROOT.resolve("deploy/prometheus/rules/aimon.yml")));
    }

    @Test
    void strimziTopicsCompactThePlansAndKeepPartitionsAlike() {
        List<JsonNode> topics = kind(render(t -> t.set("kafka.topics.create", "true")), "KafkaTopic");

        assertThat(topics).hasSize(8);
        for (JsonNode topic : topics) {
            String name = topic.at("/spec/topicName").asText();
            assertThat(topic.at("/spec/config/cleanup.policy").asText())
                    .isEqualTo(name.equals("aimon.plans") ? "compact" : "delete");
            assertThat(topic.at("/spec/partitions").asInt()).isEqualTo(6);
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText())
                    .isEqualTo("kafka");
        }
    }

    @Test
    void theSchemaAndTheRequiredValuesRefuseBadInput() {
        assertThatThrownBy(() -> render(t -> t.set("services.ingest.port", "eighty")))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> render(t -> t.set("metrics.serviceMonitor.interval", "thirty seconds")))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> render(t -> t.set("services.billing.port", "80")))
                .hasMessageContaining("billing");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("r").call())
                .hasMessageContaining("jwt.publicKey");
    }

    private static List<JsonNode> render(UnaryOperator<TemplateCommand> options) {
        String out = options.apply(new Helm(CHART)
                        .template()
                        .withName("r")
                        .withNamespace("aimon")
                        .set("jwt.publicKey", KEY))
                .call();
        List<JsonNode> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(out)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isEmpty()) {
                    manifests.add(doc);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("the chart rendered YAML that does not parse:\n" + out, e);
        }
        return manifests;
    }

    private static List<JsonNode> kind(List<JsonNode> manifests, String kind) {
        return manifests.stream()
                .filter(m -> kind.equals(m.path("kind").asText()))
                .toList();
    }

    private static JsonNode named(List<JsonNode> manifests, String name) {
        return manifests.stream()
                .filter(m -> name.equals(m.at("/metadata/name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText(null);
            }
        }
        return null;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
