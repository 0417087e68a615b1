package dev.aimon.analysis.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aimon.analysis.Analysis;
import dev.aimon.events.FeatureType;
import dev.aimon.events.MonitoringPlan;
import dev.aimon.events.Topics;
import dev.aimon.stats.window.Layout;
import dev.aimon.stats.window.Observation;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The polling thread's reading of a poll: the stream's order, each record's kind, and observations used again. */
class PollReaderTest {

    private static final Layout CREDIT =
            Layout.of(List.of(new MonitoringPlan.Feature("age", FeatureType.NUMERIC)), List.of("sex"));

    /** An analysis that knows one plan, credit-risk's: the reader asks it for layouts only. */
    private final Map<String, Layout> layouts = new HashMap<>(Map.of("credit-risk", CREDIT));

    private final Analysis analysis = (Analysis) Proxy.newProxyInstance(
            Analysis.class.getClassLoader(), new Class<?>[] {Analysis.class}, (proxy, method, args) -> {
                if (method.getName().equals("layout")) {
                    return layouts.get((String) args[0]);
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private static String prediction(String model, String id, int age) {
        return "{\"schemaVersion\":1,\"eventId\":\"" + id + "\",\"modelId\":\"" + model
                + "\",\"timestamp\":\"2026-11-27T10:00:00Z\",\"features\":{\"age\":" + age + ",\"zip\":\"1\"},"
                + "\"attributes\":{\"sex\":\"Female\"},\"prediction\":1}";
    }

    private static ConsumerRecord<String, ByteBuffer> record(
            String topic, int partition, long offset, String key, String json) {
        return new ConsumerRecord<>(
                topic, partition, offset, key, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ConsumerRecords<String, ByteBuffer> poll(List<ConsumerRecord<String, ByteBuffer>> records) {
        Map<TopicPartition, List<ConsumerRecord<String, ByteBuffer>>> byPartition = new HashMap<>();
        for (ConsumerRecord<String, ByteBuffer> r : records) {
            byPartition
                    .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
                    .add(r);
        }
        return new ConsumerRecords<>(byPartition, Map.of());
    }

    @Test
    void readsPredictionsBeforeLabelsPartitionByPartitionEachAsItsKind() {
        ConsumerRecords<String, ByteBuffer> records = poll(List.of(
                record(
                        Topics.LABELS,
                        0,
                        7,
                        "credit-risk",
                        "{\"eventId\":\"e-1\",\"modelId\":\"credit-risk\",\"label\":0}"),
                record(Topics.PREDICTIONS, 1, 3, "credit-risk", prediction("credit-risk", "e-3", 52)),
                record(Topics.PREDICTIONS, 0, 4, "credit-risk", prediction("credit-risk", "e-1", 41)),
                record(Topics.PREDICTIONS, 0, 5, "credit-risk", "{\"modelId\":\"credit-risk\",\"timestamp\":"),
                record(Topics.PREDICTIONS, 0, 6, "fraud", prediction("fraud", "e-2", 30))));

        PollReader reader = new PollReader(analysis);
        ParsedPoll parsed = reader.take(records);
        assertThat(parsed.isRead(0)).isFalse();
        reader.readAhead(parsed);

        assertThat(parsed.size()).isEqualTo(5);
        List<String> order = new ArrayList<>();
        for (int at = 0; at < parsed.size(); at++) {
            order.add(parsed.record(at).topic() + "-" + parsed.record(at).partition() + "@"
                    + parsed.record(at).offset() + " " + parsed.kind(at));
        }
        assertThat(order)
                .containsExactly(
                        Topics.PREDICTIONS + "-0@4 PREDICTION",
                        Topics.PREDICTIONS + "-0@5 INVALID",
                        Topics.PREDICTIONS + "-0@6 PREDICTION",
                        Topics.PREDICTIONS + "-1@3 PREDICTION",
                        Topics.LABELS + "-0@7 LABEL");
        Observation first = parsed.observation(0);
        assertThat(first.layout()).isSameAs(CREDIT);
        assertThat(first.eventId()).isEqualTo("e-1");
        assertThat(first.number(CREDIT.featureSlot("age"))).isEqualTo(41.0);
        assertThat(first.attribute(CREDIT.attributeSlot("sex"))).isEqualTo("Female");
        assertThat(parsed.reason(1)).contains("not a valid");
        // A model without a plan is read for its own fields only, with the empty layout; the stream reads it again
        // if the plan has come by the time it takes the record.
        assertThat(parsed.observation(2).layout()).isSameAs(Layout.EMPTY);
        assertThat(parsed.observation(2).modelId()).isEqualTo("fraud");
        assertThat(parsed.observation(3).eventId()).isEqualTo("e-3");
        assertThat(parsed.label(4).eventId()).isEqualTo("e-1");
        assertThat(parsed.label(4).label()).isEqualTo(0);
    }

    private static ParsedPoll read(PollReader reader, ConsumerRecords<String, ByteBuffer> records) {
        ParsedPoll poll = reader.take(records);
        reader.readAhead(poll);
        return poll;
    }

    /** The two threads claim from either end of a poll and meet once: each record is claimed once. */
    @Test
    void claimsFromTheFirstAndTheLastMeetWithEveryRecordClaimedOnce() {
        PollReader reader = new PollReader(analysis);
        List<ConsumerRecord<String, ByteBuffer>> five = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            five.add(record(Topics.PREDICTIONS, 0, k, "credit-risk", prediction("credit-risk", "e-" + k, k)));
        }
        ParsedPoll poll = reader.take(poll(five));
        assertThat(poll.claimFirst()).isZero();
        assertThat(poll.claimLast()).isEqualTo(4);
        assertThat(poll.claimLast()).isEqualTo(3);
        assertThat(poll.claimFirst()).isEqualTo(1);
        assertThat(poll.claimFirst()).isEqualTo(2);
        assertThat(poll.claimLast()).isEqualTo(-1);
        assertThat(poll.claimFirst()).isEqualTo(-1);
        reader.release(poll);
        ParsedPoll again = reader.take(poll(five.subList(0, 2)));
        assertThat(again).isSameAs(poll);
        assertThat(again.claimLast()).isEqualTo(1);
        assertThat(again.claimLast()).isZero();
        assertThat(again.claimFirst()).isEqualTo(-1);
    }

    /**
     * The polling thread reads ahead while the processing thread takes the records in order, reading those not
     * claimed yet itself: every record is read once, by one of them, and seen whole by the processing thread.
     */
    @Test
    void bothThreadsReadOnePollAndTheProcessingThreadSeesEveryRecordRead() throws InterruptedException {
        PollReader reader = new PollReader(analysis);
        List<ConsumerRecord<String, ByteBuffer>> many = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            many.add(record(Topics.PREDICTIONS, k % 2, k, "credit-risk", prediction("credit-risk", "e-" + k, k % 90)));
        }
        for (int round = 0; round < 5; round++) {
            ParsedPoll poll = reader.take(poll(many));
            Thread ahead = new Thread(() -> reader.readAhead(poll));
            ahead.start();
            for (int at = 0; at < poll.size(); at++) {
                reader.awaitRead(poll, at);
                assertThat(poll.kind(at)).isEqualTo(ParsedPoll.Kind.PREDICTION);
                long offset = poll.record(at).offset();
                assertThat(poll.observation(at).eventId()).isEqualTo("e-" + offset);
                assertThat(poll.observation(at).number(0)).isEqualTo(offset % 90);
            }
            ahead.join();
            assertThat(poll.claimFirst()).isEqualTo(-1);
            assertThat(poll.claimLast()).isEqualTo(-1);
            reader.release(poll);
        }
    }

    @Test
    void aPollProcessedIsUsedAgainEmptiedAndAPlanChangeIsReadWithTheNewLayout() {
        PollReader reader = new PollReader(analysis);
        ConsumerRecords<String, ByteBuffer> records =
                poll(List.of(record(Topics.PREDICTIONS, 0, 0, "credit-risk", prediction("credit-risk", "a", 20))));
        ParsedPoll parsed = read(reader, records);
        Observation o = parsed.observation(0);
        reader.release(parsed);
        assertThat(parsed.size()).isZero();

        ParsedPoll again = read(
                reader,
                poll(List.of(record(Topics.PREDICTIONS, 0, 1, "credit-risk", prediction("credit-risk", "b", 33)))));

        assertThat(again).isSameAs(parsed);
        assertThat(again.observation(0)).isNotSameAs(o);
        assertThat(again.observation(0).eventId()).isEqualTo("b");
        assertThat(again.observation(0).number(0)).isEqualTo(33.0);
        assertThat(o.eventId()).isEqualTo("a");

        Layout next = Layout.of(List.of(new MonitoringPlan.Feature("zip", FeatureType.CATEGORICAL)), List.of("sex"));
        layouts.put("credit-risk", next);
        reader.release(again);
        ParsedPoll third = read(reader, records);
        assertThat(third.observation(0).layout()).isSameAs(next);
        assertThat(third.observation(0).text(0)).isEqualTo("1");
    }
}
