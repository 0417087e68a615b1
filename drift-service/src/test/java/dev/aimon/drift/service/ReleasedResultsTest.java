package dev.aimon.drift.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleasedResultsTest {

    @Test
    void everyFieldComesBackAsItWasGivenPresentOrAbsent() {
        List<MetricResult> given = List.of(
                new MetricResult(
                        Metric.KS,
                        null,
                        null,
                        null,
                        "age",
                        0.27,
                        2_000L,
                        32_561L,
                        List.of(0.24, 0.30),
                        1.5e-60,
                        Threshold.atMost(0.1),
                        Verdict.BREACH,
                        null,
                        null),
                new MetricResult(
                        Metric.PRECISION,
                        null,
                        null,
                        null,
                        "prediction",
                        Double.NaN,
                        0L,
                        null,
                        null,
                        null,
                        new Threshold(0.6, null),
                        Verdict.INSUFFICIENT_EVIDENCE,
                        "no labels yet (0 < 30)",
                        0.64),
                new MetricResult(null, "sex", "Female", "Male", null, null, null, null, null, null, null, null, null),
                // A text met before comes back from the table; a long one too.
                new MetricResult(
                        Metric.PSI,
                        null,
                        null,
                        null,
                        "age",
                        -0.0,
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        List.of(),
                        0.0,
                        new Threshold(null, null),
                        Verdict.OK,
                        "x".repeat(300),
                        Double.NEGATIVE_INFINITY));

        ReleasedResults kept = ReleasedResults.of(given);

        assertThat(kept.results()).isEqualTo(given);
        assertThat(ReleasedResults.of(List.of()).results()).isEmpty();
    }

    /**
     * A checkpoint writes the bytes with the names their ordinals stand for: read by this version they are the same
     * results; read with the enums in another order (a later version that added or moved constants, simulated by
     * rewriting the names' table and the ordinals by hand), they are still the same results.
     */
    @Test
    void aCheckpointOfTheResultsIsReadByNameNotByOrdinal() throws IOException {
        List<MetricResult> given = List.of(
                new MetricResult(
                        Metric.KS,
                        null,
                        null,
                        null,
                        "age",
                        0.27,
                        2_000L,
                        32_561L,
                        null,
                        1.5e-60,
                        Threshold.atMost(0.1),
                        Verdict.BREACH,
                        null,
                        null),
                new MetricResult(
                        Metric.PSI,
                        null,
                        null,
                        null,
                        "age",
                        0.01,
                        2_000L,
                        32_561L,
                        null,
                        null,
                        Threshold.atMost(0.25),
                        Verdict.OK,
                        null,
                        null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReleasedResults.of(given).writeTo(new DataOutputStream(bytes));
        assertThat(ReleasedResults.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())))
                        .results())
                .isEqualTo(given);

        // The same results as a version would write whose metrics were [PSI, KS] and verdicts [OK, BREACH]. The
        // encoding of each result, by hand: present-fields bits (2 bytes), metric ordinal, 5 text indices (feature
        // "age" is text 1), value, n, reference n, [p], upper bound, verdict ordinal.
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(other);
        out.writeInt(2);
        out.writeUTF("PSI");
        out.writeUTF("KS");
        out.writeInt(2);
        out.writeUTF("OK");
        out.writeUTF("BREACH");
        out.writeInt(2);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        DataOutputStream e = new DataOutputStream(encoded);
        e.writeByte(1); // one text
        e.writeUTF("age");
        int common = 1 | 1 << 1 | 1 << 2 | 1 << 5 | 1 << 7 | 1 << 8 | 1 << 10; // value, n, ref n, threshold, upper
        for (int k = 0; k < 2; k++) {
            boolean ks = k == 0;
            e.writeShort(ks ? common | 1 << 4 : common);
            e.writeByte(ks ? 1 : 0); // KS is 1 in that version, PSI 0
            e.write(new byte[] {0, 0, 0, 1, 0});
            e.writeDouble(ks ? 0.27 : 0.01);
            e.writeLong(2_000L);
            e.writeLong(32_561L);
            if (ks) {
                e.writeDouble(1.5e-60);
            }
            e.writeDouble(ks ? 0.1 : 0.25);
            e.writeByte(ks ? 1 : 0); // BREACH is 1 there, OK 0
        }
        out.writeInt(encoded.size());
        out.write(encoded.toByteArray());
        assertThat(ReleasedResults.readFrom(new DataInputStream(new ByteArrayInputStream(other.toByteArray())))
                        .results())
                .isEqualTo(given);
    }

    @Test
    void aWindowOfFiftyFeaturesKeepsItsResultsInAboutFiftyBytesEach() {
        List<MetricResult> results = new ArrayList<>();
        for (int f = 0; f < 50; f++) {
            for (Metric m : Arrays.asList(Metric.KS, Metric.PSI, Metric.JENSEN_SHANNON, Metric.WASSERSTEIN)) {
                results.add(new MetricResult(
                        m,
                        null,
                        null,
                        null,
                        "feature_" + f,
                        0.01 * f,
                        5_000L,
                        5_000L,
                        m == Metric.KS ? List.of(0.0, 0.02) : null,
                        0.5,
                        Threshold.atMost(0.1),
                        Verdict.OK,
                        null,
                        null));
            }
        }
        ReleasedResults kept = ReleasedResults.of(results);

        assertThat(kept.results()).isEqualTo(results);
        // Counted by hand. Per result: 2 (which fields are present) + 1 (metric) + 5 (text indices) + 8 (value) + 8
        // (n) + 8 (reference n) + 8 (p) + 8 (upper bound) + 1 (verdict) = 49 bytes; KS's interval 1 + 16 more. The
        // table: 1 (count), then each name once, 2 bytes of length and its characters (10 of 9, 40 of 10).
        int expected = 200 * 49 + 50 * 17 + 1 + 50 * 2 + 10 * 9 + 40 * 10;
        assertThat(kept.bytes()).isEqualTo(expected);
    }
}
