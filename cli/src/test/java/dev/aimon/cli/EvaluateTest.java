package dev.aimon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aimon.events.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateTest {

    static final String FAIRNESS_PLAN = """
            {"modelId":"loans","protectedAttributes":[{"name":"sex","privileged":["Male"]}],"favorableOutcome":1,
             "minGroupSize":30,"fairness":{"alpha":0.05,"metrics":{"DISPARATE_IMPACT_RATIO":{"lower":0.8,"upper":1.25}}}}""";

    /**
     * 80 women, 12 approved (0.15); 120 men, 60 approved (0.5). By hand: disparate impact 0.15 / 0.5 = 0.3, below
     * the four-fifths bound: a breach, so the exit status is 1.
     */
    @Test
    void aBiasedFileBreachesAndFailsTheGate(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("sex,prediction\n");
        for (int i = 0; i < 200; i++) {
            boolean female = i < 80;
            csv.append(female ? "Female" : "Male")
                    .append(',')
                    .append((female ? i < 12 : i < 140) ? 1 : 0)
                    .append('\n');
        }
        Run run = run(dir, FAIRNESS_PLAN, csv.toString(), "fairness");

        assertThat(run.status).as(run.err).isEqualTo(1);
        assertThat(run.out).contains("window #0: 200 events");
        assertThat(run.out)
                .containsPattern("BREACH +DISPARATE_IMPACT_RATIO +sex +Female +0\\.3000 +\\[0\\.8000, 1\\.250\\]");
    }

    @Test
    void aFairFilePassesTheGate(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("sex,prediction\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i % 2 == 0 ? "Female" : "Male")
                    .append(',')
                    .append(i % 4 < 2 ? 1 : 0)
                    .append('\n');
        }
        Run run = run(dir, FAIRNESS_PLAN, csv.toString(), "fairness");

        assertThat(run.status).as(run.out + run.err).isZero();
        assertThat(run.out).contains("DISPARATE_IMPACT_RATIO").doesNotContain("BREACH");
    }

    /**
     * Drift against a reference file, as JSON: age 20…119 in the reference, 60…159 in the data. By hand the largest
     * gap of the two distribution functions is at 119: 1 − 60/100 = 0.4.
     */
    @Test
    void driftAgainstAReferenceFileAsJson(@TempDir Path dir) throws Exception {
        String plan = """
                {"modelId":"m","features":[{"name":"age","type":"NUMERIC"}],"favorableOutcome":1,"minGroupSize":30}""";
        StringBuilder reference = new StringBuilder("age,prediction\n");
        StringBuilder data = new StringBuilder("age,prediction\n");
        for (int i = 0; i < 100; i++) {
            reference.append(20 + i).append(",1\n");
            data.append(60 + i).append(",1\n");
        }
        Path ref = Files.writeString(dir.resolve("reference.csv"), reference);
        Run run = run(dir, plan, data.toString(), "drift", "--reference", ref.toString(), "--json");

        assertThat(run.status).as(run.err).isEqualTo(1);
        JsonNode reports = EventJson.mapper().readTree(run.out);
        assertThat(reports).hasSize(1);
        JsonNode ks = null;
        for (JsonNode r : reports.get(0).path("results")) {
            if (r.path("metric").asText().equals("KS")) {
                ks = r;
            }
        }
        assertThat(ks).isNotNull();
        assertThat(ks.path("value").asDouble()).isEqualTo(0.4, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(ks.path("verdict").asText()).isEqualTo("BREACH");
        assertThat(reports.get(0).path("referenceHash").asText()).hasSize(64);
    }

    @Test
    void wrongInputIsExplainedWithStatusTwo(@TempDir Path dir) throws Exception {
        Run missing = run(dir, FAIRNESS_PLAN, "gender,prediction\nFemale,1\n", "fairness");
        assertThat(missing.status).isEqualTo(2);
        assertThat(missing.err).contains("has no column sex");

        Run unknown = run(dir, FAIRNESS_PLAN, "sex,prediction\nFemale,1\n", "fairness", "--colour", "red");
        assertThat(unknown.status).isEqualTo(2);
        assertThat(unknown.err).contains("unknown option --colour").contains("usage:");

        Run service = run(dir, FAIRNESS_PLAN, "sex,prediction\n", "robustness");
        assertThat(service.status).isEqualTo(2);
    }

    record Run(int status, String out, String err) {}

    static Run run(Path dir, String plan, String csv, String service, String... more) throws Exception {
        Path planFile = Files.writeString(dir.resolve("plan.json"), plan);
        Path data = Files.writeString(dir.resolve("data.csv"), csv);
        String[] args = new String[5 + more.length];
        args[0] = service;
        args[1] = "--plan";
        args[2] = planFile.toString();
        args[3] = "--data";
        args[4] = data.toString();
        System.arraycopy(more, 0, args, 5, more.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Evaluate.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
