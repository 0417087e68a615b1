package dev.aimon.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules checked and unit-tested by Prometheus's own {@code promtool} (Debian's {@code prometheus} package,
 * which {@code .ci/run} installs): syntax, and each rule firing on the series of aimon_rules.test.yml and not on
 * healthy ones. Without promtool the test is skipped, except in CI, where it fails.
 */
class PrometheusRulesTest {

    static final Path RULES = HelmChartTest.ROOT.resolve("deploy/prometheus/rules");

    @Test
    void rulesAreValid() throws Exception {
        String out = promtool("check", "rules", "aimon.yml");
        assertThat(out).contains("SUCCESS: 10 rules found");
    }

    @Test
    void everyRuleFiresOnItsSeriesAndNotOnHealthyOnes() throws Exception {
        String out = promtool("test", "rules", "aimon.test.yml");
        assertThat(out).contains("SUCCESS");
    }

    static String promtool(String... args) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            assumeTrue(System.getenv("CI") != null, "promtool is not installed (apt-get install prometheus)");
            throw new AssertionError("CI must install promtool (Debian's prometheus package): see .ci/run");
        }
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(RULES.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
