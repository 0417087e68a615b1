package dev.aimon.stats.window;

import static dev.aimon.stats.TestPlans.event;
import static dev.aimon.stats.TestPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelWindowsTest {

    private final ModelWindows<AtomicInteger> windows = new ModelWindows<>(p -> new AtomicInteger());

    @Test
    void eachModelHasItsOwnWindowUnderItsPlan() {
        windows.plan(plan("a", 1, 2));
        windows.plan(plan("b", 1, 3));

        assertThat(add("a", 1)).isEmpty();
        assertThat(add("b", 2)).isEmpty();
        Optional<ModelWindows.Closed<AtomicInteger>> a = add("a", 3);
        assertThat(add("b", 4)).isEmpty();

        assertThat(a).isPresent();
        assertThat(a.get().state().get()).isEqualTo(2);
        assertThat(a.get().window().start()).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(a.get().window().end()).isEqualTo(Instant.ofEpochSecond(3));
        assertThat(a.get().window().sequence()).isZero();
        assertThat(a.get().modelVersion()).isEqualTo("v1");
        assertThat(add("b", 5)).get().extracting(c -> c.state().get()).isEqualTo(3);
    }

    @Test
    void aNewerPlanStartsAFreshWindowAndAnOlderOneIsIgnored() {
        windows.plan(plan("a", 2, 3));
        add("a", 1);
        add("a", 2);
        windows.plan(plan("a", 1, 2)); // a replayed older version
        assertThat(add("a", 3)).get().extracting(c -> c.plan().planVersion()).isEqualTo(2);

        add("a", 4);
        windows.plan(plan("a", 3, 2));
        assertThat(add("a", 5)).isEmpty();
        ModelWindows.Closed<AtomicInteger> closed = add("a", 6).orElseThrow();
        assertThat(closed.plan().planVersion()).isEqualTo(3);
        assertThat(closed.state().get()).isEqualTo(2);
        assertThat(closed.window().start()).isEqualTo(Instant.ofEpochSecond(5));
    }

    @Test
    void flushClosesAPartialWindowAndTheNextOneCountsOn() {
        windows.plan(plan("a", 1, 3));
        add("a", 1);
        add("a", 2);

        ModelWindows.Closed<AtomicInteger> partial = windows.flush("a").orElseThrow();

        assertThat(partial.window().events()).isEqualTo(2);
        assertThat(partial.window().sequence()).isZero();
        assertThat(partial.state().get()).isEqualTo(2);
        assertThat(windows.flush("a")).isEmpty();
        assertThat(windows.flush("unknown")).isEmpty();
        add("a", 3);
        add("a", 4);
        assertThat(add("a", 5)).get().extracting(c -> c.window().sequence()).isEqualTo(1L);
    }

    @Test
    void anEventWithoutAPlanIsRefused() {
        windows.plan(plan("a", 1, 2));
        windows.deletePlan("a");
        assertThatThrownBy(() -> add("a", 1)).hasMessageContaining("no monitoring plan");
    }

    private Optional<ModelWindows.Closed<AtomicInteger>> add(String model, long second) {
        return windows.add(event(model, second, "Male", "White", 1), (s, e) -> s.incrementAndGet());
    }
}
