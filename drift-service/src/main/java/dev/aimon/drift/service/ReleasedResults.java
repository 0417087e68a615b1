package dev.aimon.drift.service;

import dev.aimon.events.Metric;
import dev.aimon.events.MetricResult;
import dev.aimon.events.Threshold;
import dev.aimon.events.Verdict;
import dev.aimon.stats.window.Binary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A closed window's drift results, held compactly while the window waits for late labels: one byte array, each text
 * (feature, group, reason) once, a bit per absent value. With 50 features a window has about 250 results: about 25 KB
 * here, where the result objects take about 69 KB (BENCHMARKS.md), and up to 200 such windows are retained per model.
 * The bytes name enum constants by ordinal; a checkpoint writes them with the names of the constants that the ordinals
 * stand for ({@link #writeTo}), so a version whose enums gained or moved constants still reads them.
 */
final class ReleasedResults {

    private static final Metric[] METRICS = Metric.values();
    private static final Verdict[] VERDICTS = Verdict.values();

    private static final int VALUE = 1;
    private static final int N = 1 << 1;
    private static final int REFERENCE_N = 1 << 2;
    private static final int CI = 1 << 3;
    private static final int P_VALUE = 1 << 4;
    private static final int THRESHOLD = 1 << 5;
    private static final int LOWER = 1 << 6;
    private static final int UPPER = 1 << 7;
    private static final int VERDICT = 1 << 8;
    private static final int REFERENCE_VALUE = 1 << 9;
    private static final int METRIC = 1 << 10;

    private final byte[] encoded;
    private final int size;

    private ReleasedResults(byte[] encoded, int size) {
        this.encoded = encoded;
        this.size = size;
    }

    static ReleasedResults of(List<MetricResult> results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + results.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            List<String> texts = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            for (MetricResult r : results) {
                for (String t : new String[] {r.attribute(), r.group(), r.referenceGroup(), r.feature(), r.reason()}) {
                    if (t != null && index.putIfAbsent(t, texts.size()) == null) {
                        texts.add(t);
                    }
                }
            }
            writeCount(out, texts.size());
            for (String t : texts) {
                out.writeUTF(t);
            }
            for (MetricResult r : results) {
                write(out, r, index);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return new ReleasedResults(bytes.toByteArray(), results.size());
    }

    /** The bytes held. */
    int bytes() {
        return encoded.length;
    }

    /**
     * Writes the results for a checkpoint: the names of the metrics and verdicts (the bytes name them by ordinal), the
     * number of results and the bytes. Less than half the JSON that checkpoints wrote before (format 1 of a drift
     * profile: 58 KB a retained window in BENCHMARKS.md, 25 KB now); and no decoding of the results per checkpoint.
     */
    void writeTo(DataOutput out) throws IOException {
        writeNames(out, METRICS);
        writeNames(out, VERDICTS);
        out.writeInt(size);
        Binary.writeBytes(out, encoded);
    }

    /** Reads what {@link #writeTo} wrote, by this version or one whose enums differ. */
    static ReleasedResults readFrom(DataInput in) throws IOException {
        Metric[] metrics = readNames(in, Metric.class);
        Verdict[] verdicts = readNames(in, Verdict.class);
        int size = Binary.length(in.readInt());
        ReleasedResults read = new ReleasedResults(Binary.readBytes(in), size);
        if (Arrays.equals(metrics, METRICS) && Arrays.equals(verdicts, VERDICTS)) {
            return read;
        }
        return of(read.results(metrics, verdicts)); // the ordinals of this version
    }

    private static void writeNames(DataOutput out, Enum<?>[] constants) throws IOException {
        out.writeInt(constants.length);
        for (Enum<?> c : constants) {
            out.writeUTF(c.name());
        }
    }

    private static <E extends Enum<E>> E[] readNames(DataInput in, Class<E> type) throws IOException {
        int n = Binary.length(in.readInt());
        @SuppressWarnings("unchecked")
        E[] byOrdinal = (E[]) Array.newInstance(type, n);
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            try {
                byOrdinal[i] = Enum.valueOf(type, name);
            } catch (IllegalArgumentException unknown) {
                throw new IOException("corrupt state: " + type.getSimpleName() + " " + name + " is not known");
            }
        }
        return byOrdinal;
    }

    /** The results, as they were given. */
    List<MetricResult> results() {
        return results(METRICS, VERDICTS);
    }

    private List<MetricResult> results(Metric[] metrics, Verdict[] verdicts) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            String[] texts = new String[readCount(in)];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = in.readUTF();
            }
            List<MetricResult> results = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                results.add(read(in, texts, metrics, verdicts));
            }
            return List.copyOf(results);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(DataOutputStream out, MetricResult r, Map<String, Integer> index) throws IOException {
        Threshold t = r.threshold();
        int present = (r.metric() != null ? METRIC : 0)
                | (r.value() != null ? VALUE : 0)
                | (r.n() != null ? N : 0)
                | (r.referenceN() != null ? REFERENCE_N : 0)
                | (r.ci() != null ? CI : 0)
                | (r.pValue() != null ? P_VALUE : 0)
                | (t != null ? THRESHOLD : 0)
                | (t != null && t.lower() != null ? LOWER : 0)
                | (t != null && t.upper() != null ? UPPER : 0)
                | (r.verdict() != null ? VERDICT : 0)
                | (r.referenceValue() != null ? REFERENCE_VALUE : 0);
        out.writeShort(present);
        if (r.metric() != null) {
            out.writeByte(r.metric().ordinal());
        }
        for (String text : new String[] {r.attribute(), r.group(), r.referenceGroup(), r.feature(), r.reason()}) {
            writeCount(out, text == null ? 0 : index.get(text) + 1);
        }
        if (r.value() != null) {
            out.writeDouble(r.value());
        }
        if (r.n() != null) {
            out.writeLong(r.n());
        }
        if (r.referenceN() != null) {
            out.writeLong(r.referenceN());
        }
        if (r.ci() != null) {
            writeCount(out, r.ci().size());
            for (Double d : r.ci()) {
                out.writeDouble(d);
            }
        }
        if (r.pValue() != null) {
            out.writeDouble(r.pValue());
        }
        if (t != null && t.lower() != null) {
            out.writeDouble(t.lower());
        }
        if (t != null && t.upper() != null) {
            out.writeDouble(t.upper());
        }
        if (r.verdict() != null) {
            out.writeByte(r.verdict().ordinal());
        }
        if (r.referenceValue() != null) {
            out.writeDouble(r.referenceValue());
        }
    }

    private static MetricResult read(DataInputStream in, String[] texts, Metric[] metrics, Verdict[] verdicts)
            throws IOException {
        int present = in.readUnsignedShort();
        Metric metric = (present & METRIC) != 0 ? byOrdinal(metrics, in.readUnsignedByte()) : null;
        String[] text = new String[5];
        for (int i = 0; i < text.length; i++) {
            int at = readCount(in);
            text[i] = at == 0 ? null : texts[at - 1];
        }
        Double value = (present & VALUE) != 0 ? in.readDouble() : null;
        Long n = (present & N) != 0 ? in.readLong() : null;
        Long referenceN = (present & REFERENCE_N) != 0 ? in.readLong() : null;
        List<Double> ci = null;
        if ((present & CI) != 0) {
            Double[] bounds = new Double[readCount(in)];
            for (int i = 0; i < bounds.length; i++) {
                bounds[i] = in.readDouble();
            }
            ci = List.of(bounds);
        }
        Double pValue = (present & P_VALUE) != 0 ? in.readDouble() : null;
        Threshold threshold = null;
        if ((present & THRESHOLD) != 0) {
            Double lower = (present & LOWER) != 0 ? in.readDouble() : null;
            Double upper = (present & UPPER) != 0 ? in.readDouble() : null;
            threshold = new Threshold(lower, upper);
        }
        Verdict verdict = (present & VERDICT) != 0 ? byOrdinal(verdicts, in.readUnsignedByte()) : null;
        Double referenceValue = (present & REFERENCE_VALUE) != 0 ? in.readDouble() : null;
        return new MetricResult(
                metric,
                text[0],
                text[1],
                text[2],
                text[3],
                value,
                n,
                referenceN,
                ci,
                pValue,
                threshold,
                verdict,
                text[4],
                referenceValue);
    }

    private static <E> E byOrdinal(E[] constants, int ordinal) throws IOException {
        if (ordinal >= constants.length) {
            throw new IOException("corrupt state: constant " + ordinal + " of " + constants.length);
        }
        return constants[ordinal];
    }

    /** A count or index, in 1 byte below 128, else more (7 bits a byte). */
    private static void writeCount(DataOutputStream out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readCount(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("a count longer than 5 bytes");
    }
}
