package dev.aimon.stats.window;

import static dev.aimon.stats.TestPlans.event;
import static dev.aimon.stats.TestPlans.plan;
import static dev.aimon.stats.TestPlans.timePlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aimon.events.LabelEvent;
import dev.aimon.events.MonitoringPlanEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelWindowsTest {

    private static final ModelWindows.Limits LABELS = new ModelWindows.Limits(1000, Duration.ofSeconds(100), 10);

    private final AtomicInteger labels = new AtomicInteger();
    private final Counter counter = new Counter();
    private final ModelWindows<AtomicInteger> windows = new ModelWindows<>(counter, LABELS);

    /** A window's state is its number of events and labels; every label is counted in {@link #labels} too. */
    private final class Counter implements StateType<AtomicInteger> {
        @Override
        public Layout layout(MonitoringPlanEvent plan) {
            return Layout.of(List.of(), List.of("sex"));
        }

        @Override
        public AtomicInteger fresh(MonitoringPlanEvent plan) {
            return new AtomicInteger();
        }

        @Override
        public void add(AtomicInteger state, Observation o) {
            state.incrementAndGet();
        }

        @Override
        public void label(AtomicInteger state, PendingLabels.Pending prediction, Object label) {
            assertThat(prediction.attribute(0)).isEqualTo("Male");
            assertThat(prediction.favourable()).isTrue();
            state.incrementAndGet();
            labels.incrementAndGet();
        }

        @Override
        public AtomicInteger copy(AtomicInteger state) {
            return new AtomicInteger(state.get());
        }

        @Override
        public void write(AtomicInteger state, DataOutput out) throws IOException {
            out.writeInt(state.get());
        }

        @Override
        public AtomicInteger read(MonitoringPlanEvent plan, DataInput in) throws IOException {
            return new AtomicInteger(in.readInt());
        }
    }

    @Test
    void eachModelHasItsOwnCountWindowUnderItsPlan() {
        windows.plan(plan("a", 1, 2));
        windows.plan(plan("b", 1, 3));

        assertThat(add("a", 1)).isEmpty();
        assertThat(add("b", 2)).isEmpty();
        List<ModelWindows.Closed<AtomicInteger>> a = add("a", 3);
        assertThat(add("b", 4)).isEmpty();

        assertThat(a).singleElement().satisfies(c -> {
            assertThat(c.state().get()).isEqualTo(2);
            assertThat(c.window().start()).isEqualTo(Instant.ofEpochSecond(1));
            assertThat(c.window().end()).isEqualTo(Instant.ofEpochSecond(3));
            assertThat(c.window().sequence()).isZero();
            assertThat(c.window().events()).isEqualTo(2);
            assertThat(c.window().labelled()).isZero();
            assertThat(c.modelVersion()).isEqualTo("v1");
            assertThat(c.revision()).isZero();
        });
        assertThat(add("b", 5)).singleElement().extracting(c -> c.state().get()).isEqualTo(3);
    }

    @Test
    void aNewerPlanStartsAFreshWindowAndAnOlderOneIsIgnored() {
        windows.plan(plan("a", 2, 3));
        add("a", 1);
        add("a", 2);
        windows.plan(plan("a", 1, 2)); // a replayed older version
        assertThat(add("a", 3))
                .singleElement()
                .extracting(c -> c.plan().planVersion())
                .isEqualTo(2);

        add("a", 4);
        windows.plan(plan("a", 3, 2));
        assertThat(add("a", 5)).isEmpty();
        ModelWindows.Closed<AtomicInteger> closed = add("a", 6).getFirst();
        assertThat(closed.plan().planVersion()).isEqualTo(3);
        assertThat(closed.state().get()).isEqualTo(2);
        assertThat(closed.window().start()).isEqualTo(Instant.ofEpochSecond(5));
    }

    @Test
    void flushClosesAPartialWindowAndTheNextOneCountsOn() {
        windows.plan(plan("a", 1, 3));
        add("a", 1);
        add("a", 2);

        ModelWindows.Closed<AtomicInteger> partial = windows.flush("a").getFirst();

        assertThat(partial.window().events()).isEqualTo(2);
        assertThat(partial.window().sequence()).isZero();
        assertThat(partial.state().get()).isEqualTo(2);
        assertThat(windows.flush("a")).isEmpty();
        assertThat(windows.flush("unknown")).isEmpty();
        add("a", 3);
        add("a", 4);
        assertThat(add("a", 5))
                .singleElement()
                .extracting(c -> c.window().sequence())
                .isEqualTo(1L);
    }

    @Test
    void anEventWithoutAPlanIsRefused() {
        windows.plan(plan("a", 1, 2));
        windows.deletePlan("a");
        assertThatThrownBy(() -> add("a", 1)).hasMessageContaining("no monitoring plan");
    }

    @Test
    void timeWindowsAreAlignedToTheEpochAndCloseWhenTheWatermarkPassesTheirEndByTheLateness() {
        // 10 s windows, 5 s allowed lateness: [0, 10) closes when an event at 15 s or later arrives.
        windows.plan(timePlan("t", 1, Duration.ofSeconds(10), Duration.ofSeconds(5)));
        assertThat(add("t", 3)).isEmpty();
        assertThat(add("t", 12)).isEmpty();
        assertThat(add("t", 7)).as("out of order, within the lateness").isEmpty();
        assertThat(add("t", 14)).isEmpty();

        List<ModelWindows.Closed<AtomicInteger>> closed = add("t", 15);

        assertThat(closed).singleElement().satisfies(c -> {
            assertThat(c.window().start()).isEqualTo(Instant.ofEpochSecond(0));
            assertThat(c.window().end()).isEqualTo(Instant.ofEpochSecond(10));
            assertThat(c.window().events()).isEqualTo(2);
            assertThat(c.window().sequence()).isNull();
            assertThat(c.state().get()).isEqualTo(2);
        });
        ModelWindows.Added<AtomicInteger> late = windows.add(event("t", 9, "Male", "White", 1));
        assertThat(late.counted()).as("an event for a closed window is late").isFalse();

        List<ModelWindows.Closed<AtomicInteger>> jump = add("t", 41);
        assertThat(jump)
                .as("a jump of the watermark closes every window it passes, oldest first; empty ones never open")
                .extracting(
                        c -> c.window().start().getEpochSecond(),
                        c -> c.window().events())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10L, 3L));
        assertThat(windows.flush("t"))
                .singleElement()
                .extracting(c -> c.window().start().getEpochSecond())
                .isEqualTo(40L);
    }

    @Test
    void aLabelForAnOpenWindowCountsInIt() {
        windows.plan(plan("a", 1, 3));
        add("a", 1);
        add("a", 2);

        assertThat(label("a", 1)).isEqualTo(ModelWindows.LabelMatch.OPEN_WINDOW);
        assertThat(label("a", 1)).as("labelled already").isEqualTo(ModelWindows.LabelMatch.UNMATCHED);
        assertThat(label("a", 99)).as("no such prediction").isEqualTo(ModelWindows.LabelMatch.UNMATCHED);
        ModelWindows.Closed<AtomicInteger> closed = add("a", 3).getFirst();

        assertThat(closed.window().labelled()).isEqualTo(1);
        assertThat(labels.get()).isEqualTo(1);
        assertThat(windows.revisions("a")).isEmpty();
    }

    @Test
    void aLateLabelRevisesItsClosedWindowOnceUntilAnotherLabelComes() {
        windows.plan(plan("a", 1, 2));
        add("a", 1);
        add("a", 2);
        add("a", 3);

        assertThat(label("a", 1)).isEqualTo(ModelWindows.LabelMatch.CLOSED_WINDOW);
        assertThat(label("a", 2)).isEqualTo(ModelWindows.LabelMatch.CLOSED_WINDOW);
        List<ModelWindows.Closed<AtomicInteger>> revised = windows.revisions("a");

        assertThat(revised).singleElement().satisfies(c -> {
            assertThat(c.window().sequence()).isZero();
            assertThat(c.window().labelled()).isEqualTo(2);
            assertThat(c.revision()).isEqualTo(1);
        });
        assertThat(windows.revisions("a")).isEmpty();
        assertThat(label("a", 3)).isEqualTo(ModelWindows.LabelMatch.OPEN_WINDOW);
        assertThat(windows.revisions("a")).isEmpty();
    }

    @Test
    void aLabelLaterThanTheLatenessFindsNothing() {
        windows.plan(plan("a", 1, 2));
        add("a", 1);
        add("a", 2); // window 0 ends at 2 s
        add("a", 101);
        assertThat(windows.pendingLabels("a")).isEqualTo(3);
        add("a", 103); // watermark 103 s: window 0 ended more than 100 s ago

        assertThat(label("a", 1)).isEqualTo(ModelWindows.LabelMatch.UNMATCHED);
        assertThat(windows.pendingLabels("a")).as("its predictions were let go").isEqualTo(2);
        assertThat(label("a", 101)).isEqualTo(ModelWindows.LabelMatch.CLOSED_WINDOW);
    }

    @Test
    void aRevisedWindowThatExpiresIsStillHandedOutOnce() {
        windows.plan(plan("a", 1, 2));
        add("a", 1);
        add("a", 2);
        label("a", 1);
        add("a", 500);
        add("a", 501);

        assertThat(windows.revisions("a"))
                .extracting(c -> c.window().sequence(), ModelWindows.Closed::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 1));
    }

    @Test
    void thePendingPredictionsAreCappedOldestFirst() {
        ModelWindows<AtomicInteger> small =
                new ModelWindows<>(counter, new ModelWindows.Limits(2, Duration.ofDays(1), 10));
        small.plan(plan("a", 1, 100));
        for (int s = 1; s <= 3; s++) {
            small.add(event("a", s, "Male", "White", 1));
        }
        assertThat(small.pendingLabels("a")).isEqualTo(2);
        assertThat(small.label(labelOf("a", 1))).isEqualTo(ModelWindows.LabelMatch.UNMATCHED);
        assertThat(small.label(labelOf("a", 3))).isEqualTo(ModelWindows.LabelMatch.OPEN_WINDOW);
    }

    @Test
    void aSnapshotRestoresOpenWindowsPendingLabelsAndSequenceFromItsBinaryForm() throws Exception {
        windows.plan(plan("a", 1, 3));
        windows.plan(plan("b", 1, 3));
        add("a", 1);
        add("a", 2);
        add("a", 3);
        add("a", 4);
        add("b", 5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        windows.write(Set.of("a"), new DataOutputStream(bytes));

        ModelWindows<AtomicInteger> restarted = new ModelWindows<>(counter, LABELS);
        restarted.plan(plan("a", 1, 3));
        assertThat(restarted.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .containsExactly("a");

        assertThat(restarted.models()).containsExactly("a");
        assertThat(restarted.pendingLabels("a")).isEqualTo(4);
        assertThat(restarted.label(labelOf("a", 1))).isEqualTo(ModelWindows.LabelMatch.CLOSED_WINDOW);
        restarted.add(event("a", 5, "Male", "White", 1));
        ModelWindows.Closed<AtomicInteger> next =
                restarted.add(event("a", 6, "Male", "White", 1)).closed().getFirst();
        assertThat(next.window().sequence()).isEqualTo(1L);
        assertThat(next.window().start()).isEqualTo(Instant.ofEpochSecond(4));
        assertThat(next.state().get()).isEqualTo(3);
        assertThat(restarted.revisions("a")).singleElement().satisfies(c -> {
            assertThat(c.state().get()).as("3 events + 1 label").isEqualTo(4);
            assertThat(c.revision()).isEqualTo(1);
        });
    }

    @Test
    void aRestoreRefusesBytesThatAreNotWindows() {
        assertThatThrownBy(() -> windows.read(new DataInputStream(new ByteArrayInputStream(new byte[] {9, 0}))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("model windows, format 1");
    }

    private List<ModelWindows.Closed<AtomicInteger>> add(String model, long second) {
        ModelWindows.Added<AtomicInteger> added = windows.add(event(model, second, "Male", "White", 1));
        assertThat(added.counted()).isTrue();
        return added.closed();
    }

    private ModelWindows.LabelMatch label(String model, long second) {
        return windows.label(labelOf(model, second));
    }

    private static LabelEvent labelOf(String model, long second) {
        return new LabelEvent(1, model + "-" + second, model, Instant.ofEpochSecond(second + 1000), 1);
    }
}
