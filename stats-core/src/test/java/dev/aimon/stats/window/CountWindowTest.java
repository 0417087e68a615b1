package dev.aimon.stats.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CountWindowTest {

    @Test
    void closesEveryNEventsWithFreshStateAndEventTimeBounds() {
        CountWindow<AtomicLong> window = CountWindow.tumbling(3, AtomicLong::new);
        List<CountWindow.Closed<AtomicLong>> closed = new ArrayList<>();
        long[] seconds = {10, 5, 12, 20, 21, 19, 30};

        for (long s : seconds) {
            window.add(Instant.ofEpochSecond(s), sum -> sum.addAndGet(s)).ifPresent(closed::add);
        }

        assertThat(closed).hasSize(2);
        assertThat(closed.get(0).sequence()).isZero();
        assertThat(closed.get(0).start()).isEqualTo(Instant.ofEpochSecond(5));
        assertThat(closed.get(0).end()).isEqualTo(Instant.ofEpochSecond(12));
        assertThat(closed.get(0).state().get()).isEqualTo(27);
        assertThat(closed.get(1).sequence()).isEqualTo(1);
        assertThat(closed.get(1).start()).isEqualTo(Instant.ofEpochSecond(19));
        assertThat(closed.get(1).state().get()).isEqualTo(60);
        assertThat(window.openEvents()).isEqualTo(1);
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> CountWindow.tumbling(0, Object::new)).hasMessageContaining("at least 1");
    }
}
