package dev.aimon.stats.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PendingLabelsTest {

    private final Layout layout = Layout.of(List.of(), List.of("sex", "race"));
    private final Observation o = layout.observation();

    @Test
    void aLabelFindsItsPredictionOnceWithWhatTheWindowNeeds() {
        PendingLabels p = new PendingLabels(2);
        o.attribute(0, "Female");
        p.put("e1", 7, true, 0.25, o);

        PendingLabels.Pending found = p.remove("e1");
        assertThat(found.window()).isEqualTo(7);
        assertThat(found.favourable()).isTrue();
        assertThat(found.score()).isEqualTo(0.25);
        assertThat(found.attribute(0)).isEqualTo("Female");
        assertThat(found.attribute(1)).as("missing attribute").isNull();
        assertThat(p.remove("e1")).isNull();
        assertThat(p.size()).isZero();
    }

    @Test
    void theOldestGoFirstAndAPredictionSentAgainKeepsItsPlace() {
        PendingLabels p = new PendingLabels(0);
        p.put("a", 1, false, Double.NaN, o);
        p.put("b", 1, false, Double.NaN, o);
        p.put("a", 2, true, Double.NaN, o); // the same id again: new values, same place (as LinkedHashMap.put)
        p.put("c", 1, false, Double.NaN, o);
        p.expire(2, window -> true);

        assertThat(p.size()).isEqualTo(2);
        assertThat(p.remove("a")).isNull();
        assertThat(p.remove("b")).isNotNull();
        p.expire(10, window -> window != 1);
        assertThat(p.remove("c")).as("its window is gone").isNull();
    }

    /** The table against a LinkedHashMap, the structure it replaces, over a long random run with compactions. */
    @Test
    void behavesAsAnInsertionOrderedMapOverARandomRun() throws Exception {
        PendingLabels p = new PendingLabels(2);
        Map<String, long[]> model = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        int max = 500;
        for (int step = 0; step < 200_000; step++) {
            String id = "e" + random.nextInt(3000);
            if (random.nextInt(3) < 2) {
                long window = random.nextInt(40);
                o.attribute(0, "g" + (window % 3));
                p.put(id, window, window % 2 == 0, window / 10.0, o);
                model.put(id, new long[] {window});
                long horizon = step / 6000;
                p.expire(max, w -> w >= horizon);
                Iterator<long[]> it = model.values().iterator();
                while (it.hasNext()) {
                    long w = it.next()[0];
                    if (model.size() <= max && w >= horizon) {
                        break;
                    }
                    it.remove();
                }
            } else {
                long[] expected = model.remove(id);
                PendingLabels.Pending found = p.remove(id);
                if (expected == null) {
                    assertThat(found).as(id).isNull();
                } else {
                    assertThat(found).as(id).isNotNull();
                    assertThat(found.window()).isEqualTo(expected[0]);
                    assertThat(found.favourable()).isEqualTo(expected[0] % 2 == 0);
                    assertThat(found.score()).isEqualTo(expected[0] / 10.0);
                    assertThat(found.attribute(0)).isEqualTo("g" + (expected[0] % 3));
                }
            }
            assertThat(p.size()).isEqualTo(model.size());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.writeTo(new DataOutputStream(bytes));
        PendingLabels read = PendingLabels.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.size()).isEqualTo(model.size());
        for (Map.Entry<String, long[]> e : model.entrySet()) {
            assertThat(read.remove(e.getKey()).window()).isEqualTo(e.getValue()[0]);
        }
        assertThat(read.size()).isZero();
    }
}
