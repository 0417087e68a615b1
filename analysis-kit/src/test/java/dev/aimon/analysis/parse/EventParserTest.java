package dev.aimon.analysis.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.events.FeatureType;
import dev.aimon.events.LabelEvent;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.PredictionEvent;
import dev.aimon.events.kafka.LabelEventDeserializer;
import dev.aimon.events.kafka.PredictionEventDeserializer;
import dev.aimon.stats.Outcomes;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.Observation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The streaming parser against the contract's deserialiser, the path every record took before it: over a corpus of
 * valid, odd and broken records (every field given every kind of JSON value, left out or written twice; timestamps in
 * every form; the event cut at every byte; random byte changes), both accept the same records with the same values and
 * reject the same records with the same reason.
 */
class EventParserTest {

    private static final String BASE = "{\"schemaVersion\":1,\"eventId\":\"c0a8012e-7f3b-4c1d-9e2a-5b6c7d8e9f01\","
            + "\"modelId\":\"credit-risk\",\"modelVersion\":\"3.2.0\",\"timestamp\":\"2026-11-27T10:00:00.123Z\","
            + "\"features\":{\"age\":41,\"hours_per_week\":40.5,\"education\":\"Bachelors\",\"zip\":\"12345\"},"
            + "\"attributes\":{\"sex\":\"Female\",\"race\":\"White\",\"region\":\"north\"},"
            + "\"prediction\":1,\"score\":0.73,\"label\":null}";

    private static final String LABEL = "{\"schemaVersion\":1,\"eventId\":\"e-1\",\"modelId\":\"credit-risk\","
            + "\"timestamp\":\"2026-11-27T11:00:00Z\",\"label\":1}";

    private static final String[] VALUES = {
        "null",
        "0",
        "1",
        "-1",
        "1.0",
        "0.5",
        "-0.0",
        "1e400",
        "-1e400",
        "2147483648",
        "123456789012345678901234567890",
        "1.5e3",
        "\"\"",
        "\"text\"",
        "\"1\"",
        "\"0.5\"",
        "\"2026-11-27T10:00:00Z\"",
        "true",
        "false",
        "{}",
        "[]",
        "{\"a\":1}",
        "[1,2]",
        "\"\\u00e9t\\u00e9\"",
        "\"line\\nbreak\"",
        "1E2",
        "1e-7",
        "0.1e+1",
        "-",
        "1.",
        ".5",
        "01",
        "-01",
        "1.0000000000000002",
        "123456789.123456789",
        "4.9e-324",
        "2.2250738585072014E-308",
        "9007199254740993",
        "123456789012345678",
        "1234567890123456789",
        "-9223372036854775808",
        "0.30000000000000004",
        "1e22",
        "1e23",
        "8.41e21",
        "\"é\"",
        "\"a\\\"b\"",
        "\"\\x\"",
        "{\"\\u0061\":[{},[[]],null]}",
        "[1,]",
        "{\"a\":}",
        "tru",
        "nulll",
        "\"\t\""
    };

    private static final String[] TIMES = {
        "2026-11-27T10:00:00Z",
        "2026-11-27T10:00:00.1Z",
        "2026-11-27T10:00:00.12Z",
        "2026-11-27T10:00:00.123456789Z",
        "2026-11-27T10:00:00.1234567890Z",
        "2026-11-27T10:00:00.Z",
        "2026-11-27T10:00Z",
        "2026-11-27T10:00:00+01:00",
        "2026-11-27T10:00:00.5+00:00",
        "2026-11-27t10:00:00z",
        "2026-11-27 10:00:00Z",
        "2026-02-29T00:00:00Z",
        "2024-02-29T23:59:59.999Z",
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-11-31T00:00:00Z",
        "2026-11-27T24:00:00Z",
        "2026-11-27T23:60:00Z",
        "2026-11-27T23:59:60Z",
        "0001-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z",
        "9999-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "2026-11-27",
        "1764237600",
        "2026-11-27T10:00:00.12aZ",
        "2026-1-27T10:00:00Z",
        "２０２６-11-27T10:00:00Z"
    };

    private final Layout layout = Layout.of(
            List.of(
                    new MonitoringPlan.Feature("age", FeatureType.NUMERIC),
                    new MonitoringPlan.Feature("hours_per_week", FeatureType.NUMERIC),
                    new MonitoringPlan.Feature("education", FeatureType.CATEGORICAL),
                    new MonitoringPlan.Feature("absent", FeatureType.NUMERIC)),
            List.of("sex", "race"));

    @Test
    void theStreamingParserAcceptsAndRejectsExactlyAsTheDeserialiser() {
        List<String> corpus = predictionCorpus();
        EventParser parser = new EventParser();
        int accepted = 0;
        for (String record : corpus) {
            byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
            Observation fast = layout.observation();
            String fastError = null;
            try {
                parser.prediction("aimon.predictions", bytes, fast);
            } catch (EventParser.InvalidEvent e) {
                fastError = e.getMessage();
            }
            Observation slow = layout.observation();
            String slowError = reference(bytes, slow);
            assertThat(fastError).as("the reason for %s", record).isEqualTo(slowError);
            if (slowError == null) {
                accepted++;
                assertSame(fast, slow, record);
            }
        }
        System.out.printf(
                "EventParserTest: %d records, %d accepted, %d read by the streaming parser, %d left to the"
                        + " deserialiser%n",
                corpus.size(), accepted, parser.fastReads(), parser.slowReads());
        assertThat(accepted).as("the corpus has valid records").isGreaterThan(200);
        assertThat(parser.fastReads())
                .as("and the streaming parser reads most of them")
                .isGreaterThan(accepted / 2);
        assertThat(parser.slowReads())
                .as("and leaves odd ones to the deserialiser")
                .isGreaterThan(100);
    }

    @Test
    void labelsToo() {
        List<String> corpus = new ArrayList<>();
        corpus.add(LABEL);
        for (String field : List.of("schemaVersion", "eventId", "modelId", "timestamp", "label")) {
            for (String v : VALUES) {
                corpus.add(replace(LABEL, field, v));
            }
            corpus.add(remove(LABEL, field));
            corpus.add(LABEL.replace("{", "{\"" + field + "\":" + "\"x\","));
        }
        for (String t : TIMES) {
            corpus.add(replace(LABEL, "timestamp", "\"" + t + "\""));
        }
        for (int cut = 0; cut < LABEL.length(); cut++) {
            corpus.add(LABEL.substring(0, cut));
        }
        corpus.addAll(mutations(LABEL, 500, 3));
        EventParser parser = new EventParser();
        LabelEventDeserializer deserializer = new LabelEventDeserializer();
        for (String record : corpus) {
            byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
            EventParser.Label fast = null;
            String fastError = null;
            try {
                fast = parser.label("aimon.labels", bytes);
            } catch (EventParser.InvalidEvent e) {
                fastError = e.getMessage();
            }
            String slowError = null;
            LabelEvent slow = null;
            try {
                slow = deserializer.deserialize("aimon.labels", bytes);
                if (slow == null || slow.modelId() == null || slow.eventId() == null) {
                    slowError = "the record is not a valid LabelEvent (modelId and eventId)";
                }
            } catch (SerializationException e) {
                slowError = e.getMessage();
            }
            assertThat(fastError).as("the reason for %s", record).isEqualTo(slowError);
            if (slowError == null) {
                assertThat(fast.modelId()).as(record).isEqualTo(slow.modelId());
                assertThat(fast.eventId()).as(record).isEqualTo(slow.eventId());
                assertThat(sameOutcome(fast.label(), slow.label())).as(record).isTrue();
            }
        }
        assertThat(parser.fastReads()).isGreaterThan(20);
    }

    @Test
    void timestampsOfTheCommonFormAreReadToTheMillisecond() {
        for (String t : List.of(
                "2026-11-27T10:00:00Z",
                "2026-11-27T10:00:00.1Z",
                "2024-02-29T23:59:59.999999Z",
                "1969-12-31T23:59:59.5Z")) {
            byte[] c = t.getBytes(StandardCharsets.US_ASCII);
            assertThat(Timestamps.parse(c, 0, c.length))
                    .as(t)
                    .isEqualTo(Instant.parse(t).toEpochMilli());
        }
    }

    /** What the services did before: the deserialiser, then the validation; null when the record is valid. */
    private String reference(byte[] bytes, Observation o) {
        PredictionEvent e;
        try {
            e = new PredictionEventDeserializer().deserialize("aimon.predictions", bytes);
        } catch (SerializationException ex) {
            return ex.getMessage();
        }
        if (e == null || e.modelId() == null || e.timestamp() == null) {
            return "the record is not a valid PredictionEvent (modelId and timestamp)";
        }
        layout.fill(e, o);
        return null;
    }

    private void assertSame(Observation fast, Observation slow, String record) {
        assertThat(fast.modelId()).as(record).isEqualTo(slow.modelId());
        assertThat(fast.eventId()).as(record).isEqualTo(slow.eventId());
        assertThat(fast.modelVersion()).as(record).isEqualTo(slow.modelVersion());
        assertThat(fast.time()).as(record).isEqualTo(slow.time());
        assertThat(Double.compare(fast.score(), slow.score())).as(record).isZero();
        assertThat(sameOutcome(fast.prediction(), slow.prediction())).as(record).isTrue();
        assertThat(sameOutcome(fast.label(), slow.label())).as(record).isTrue();
        for (int i = 0; i < layout.features(); i++) {
            assertThat(Double.compare(fast.number(i), slow.number(i)))
                    .as(record)
                    .isZero();
            assertThat(fast.text(i)).as(record).isEqualTo(slow.text(i));
        }
        for (int i = 0; i < layout.attributes(); i++) {
            assertThat(fast.attribute(i)).as(record).isEqualTo(slow.attribute(i));
        }
    }

    /** Outcomes agree as the windows compare them: both null, or both numbers (or both not) and {@link Outcomes#same}. */
    private static boolean sameOutcome(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return (a instanceof Number) == (b instanceof Number)
                && Outcomes.same(a, b)
                && Objects.equals(a instanceof Number ? null : a.toString(), b instanceof Number ? null : b.toString());
    }

    private List<String> predictionCorpus() {
        List<String> corpus = new ArrayList<>();
        corpus.add(BASE);
        for (String field : List.of(
                "schemaVersion",
                "eventId",
                "modelId",
                "modelVersion",
                "timestamp",
                "features",
                "attributes",
                "prediction",
                "score",
                "label",
                "unknown")) {
            for (String v : VALUES) {
                corpus.add(
                        field.equals("unknown")
                                ? BASE.replace("{", "{\"unknown\":" + v + ",")
                                : replace(BASE, field, v));
            }
            corpus.add(remove(BASE, field));
            corpus.add(BASE.replace("}", ",\"" + field + "\":\"again\"}").replaceFirst(",\"" + field, ",\"" + field));
            corpus.add(BASE.substring(0, BASE.length() - 1) + ",\"" + field + "\":null}");
        }
        for (String feature : List.of("age", "hours_per_week", "education", "zip")) {
            for (String v : VALUES) {
                corpus.add(BASE.replace("\"" + feature + "\":", "\"" + feature + "\":" + v + ",\"" + feature + "x\":"));
                corpus.add(BASE.replace("\"features\":{", "\"features\":{\"" + feature + "\":" + v + ","));
            }
        }
        for (String attribute : List.of("sex", "race", "region")) {
            for (String v : VALUES) {
                corpus.add(BASE.replace("\"attributes\":{", "\"attributes\":{\"" + attribute + "\":" + v + ","));
            }
        }
        for (String t : TIMES) {
            corpus.add(replace(BASE, "timestamp", "\"" + t + "\""));
        }
        corpus.addAll(List.of(
                "",
                " ",
                "null",
                "[]",
                "1",
                "\"x\"",
                "{}",
                "{\"modelId\":\"m\"}",
                BASE + "trailing",
                BASE + "{}",
                "[" + BASE + "]",
                BASE.replace("{", "{ \n\t"),
                BASE.replace(":", " : ")));
        for (int cut = 0; cut < BASE.length(); cut += 1) {
            corpus.add(BASE.substring(0, cut));
        }
        corpus.addAll(mutations(BASE, 3000, 7));
        return corpus;
    }

    /** Random changes of a few characters each (seeded): the broken records a fuzzer sends. */
    private static List<String> mutations(String base, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "{}[]\":,0123456789.eE+-tfnul aZ\\";
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder s = new StringBuilder(base);
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            out.add(s.toString());
        }
        return out;
    }

    /** The record with one top-level field's value replaced (the field must be followed by , or }). */
    private static String replace(String base, String field, String value) {
        int at = base.indexOf("\"" + field + "\":");
        if (at < 0) {
            return base;
        }
        int start = at + field.length() + 3;
        int end = valueEnd(base, start);
        return base.substring(0, start) + value + base.substring(end);
    }

    private static String remove(String base, String field) {
        int at = base.indexOf("\"" + field + "\":");
        if (at < 0) {
            return base;
        }
        int end = valueEnd(base, at + field.length() + 3);
        String without = base.substring(0, at) + base.substring(end);
        return without.replace(",,", ",").replace("{,", "{").replace(",}", "}");
    }

    private static int valueEnd(String s, int start) {
        int depth = 0;
        boolean string = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (string) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    string = false;
                }
            } else if (c == '"') {
                string = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return s.length();
    }
}
