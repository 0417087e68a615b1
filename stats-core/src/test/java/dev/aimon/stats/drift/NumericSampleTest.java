package dev.aimon.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericSampleTest {

    @Test
    void keepsEveryValueUpToTheLimit() {
        NumericSample s = new NumericSample(5, 1);
        for (double v : new double[] {3, 1, 2}) {
            s.add(v);
        }
        assertThat(s.exact()).isTrue();
        assertThat(s.values()).containsExactly(3, 1, 2);
        assertThat(s.sorted()).containsExactly(1, 2, 3);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(3);
    }

    /**
     * A limit past one chunk of values (4,096): the values stay in the order they came across the chunks, the sample
     * past the limit replaces kept values in every chunk, and a copy and a restored sample continue the same way.
     */
    @Test
    void aLimitOfSeveralChunksKeepsTheValuesInOrderAndSamplesAcrossThem() throws Exception {
        NumericSample s = new NumericSample(10_000, 5);
        double[] expected = new double[9_000];
        for (int i = 0; i < 9_000; i++) {
            expected[i] = i;
            s.add(i);
        }
        assertThat(s.values()).containsExactly(expected);
        for (int i = 9_000; i < 200_000; i++) {
            s.add(i);
        }
        double[] kept = s.values();
        assertThat(kept).hasSize(10_000);
        // Past the limit each kept value is replaced with probability 1 − 10,000/200,000 ≈ 95%: in each chunk's range
        // of slots (0–4,095, 4,096–8,191, 8,192–9,999) most values come from after the first 10,000.
        for (int[] range : new int[][] {{0, 4_096}, {4_096, 8_192}, {8_192, 10_000}}) {
            long replaced = Arrays.stream(kept, range[0], range[1])
                    .filter(v -> v >= 10_000)
                    .count();
            assertThat(replaced).isGreaterThan((long) (0.9 * (range[1] - range[0])));
        }
        NumericSample restored = roundTrip(s);
        NumericSample copy = s.copy();
        for (int i = 200_000; i < 210_000; i++) {
            s.add(i);
            restored.add(i);
            copy.add(i);
        }
        assertThat(restored.values()).containsExactly(s.values());
        assertThat(copy.values()).containsExactly(s.values());
    }

    @Test
    void stopsGrowingAtTheLimitAndCountsEverything() {
        NumericSample s = new NumericSample(1_000, 1);
        for (int i = 0; i < 50_000; i++) {
            s.add(i);
        }
        assertThat(s.size()).isEqualTo(1_000);
        assertThat(s.count()).isEqualTo(50_000);
        assertThat(s.exact()).isFalse();
        assertThat(s.min()).isEqualTo(0);
        assertThat(s.max()).isEqualTo(49_999);
    }

    /**
     * The stated error bound, checked: a million log-normal values, a sample of 10,000. The Dvoretzky–Kiefer–Wolfowitz
     * bound at δ = 1% is √(ln 200 / 20,000) = 1.63%; the sample's distribution function must stay within it of the
     * exact one at every value (the exact one computed here from all the values, sorted).
     */
    @Test
    void sampleDistributionIsWithinTheDkwBound() {
        int limit = 10_000;
        int n = 1_000_000;
        NumericSample s = new NumericSample(limit, 42);
        double[] all = new double[n];
        Random random = new Random(3);
        for (int i = 0; i < n; i++) {
            all[i] = Math.exp(random.nextGaussian());
            s.add(all[i]);
        }
        Arrays.sort(all);
        double[] kept = s.sorted();
        double worst = 0;
        for (int i = 0; i < kept.length; i++) {
            double sampleCdf = (i + 1) / (double) kept.length;
            double exactCdf = Histograms.upperBound(all, kept[i]) / (double) n;
            worst = Math.max(
                    worst, Math.max(Math.abs(sampleCdf - exactCdf), Math.abs(i / (double) kept.length - exactCdf)));
        }
        double bound = NumericSample.dkwBound(limit, 0.01);
        assertThat(bound).isCloseTo(Math.sqrt(Math.log(200) / 20_000), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(worst).isLessThan(bound);
    }

    @Test
    void aRestoredSampleContinuesTheSameWay() throws Exception {
        NumericSample original = new NumericSample(100, 9);
        for (int i = 0; i < 1_000; i++) {
            original.add(i);
        }
        NumericSample copy = roundTrip(original);
        for (int i = 1_000; i < 5_000; i++) {
            original.add(i);
            copy.add(i);
        }
        assertThat(copy.values()).containsExactly(original.values());
        assertThat(copy.count()).isEqualTo(5_000);
    }

    @Test
    void serialisedSizeStopsGrowingAtTheLimit() throws Exception {
        NumericSample s = new NumericSample(1_000, 1);
        for (int i = 0; i < 2_000; i++) {
            s.add(i);
        }
        int atTwoThousand = bytes(s).length;
        for (int i = 0; i < 200_000; i++) {
            s.add(i);
        }
        assertThat(bytes(s).length).isEqualTo(atTwoThousand);
    }

    @Test
    void aCopyContinuesTheSameWayAndSharesNothing() {
        NumericSample original = new NumericSample(10, 3);
        for (int i = 0; i < 50; i++) {
            original.add(i);
        }
        NumericSample copy = original.copy();
        copy.add(1_000);
        original.add(1_000);
        assertThat(copy.values()).containsExactly(original.values());
        original.add(2_000);
        assertThat(copy.count()).isEqualTo(51);
    }

    private static byte[] bytes(NumericSample s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }

    private static NumericSample roundTrip(NumericSample s) throws Exception {
        return NumericSample.readFrom(new DataInputStream(new ByteArrayInputStream(bytes(s))));
    }
}
