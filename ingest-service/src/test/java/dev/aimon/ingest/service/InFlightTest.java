package dev.aimon.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void batchesFitUntilTheBoundAndRoomComesBackOnRelease() {
        InFlight inFlight = new InFlight(1000);
        assertThat(inFlight.tryAcquire(600)).isTrue();
        assertThat(inFlight.tryAcquire(400)).as("exactly the bound").isTrue();
        assertThat(inFlight.tryAcquire(1)).isFalse();
        inFlight.release(600);
        assertThat(inFlight.current()).isEqualTo(400);
        assertThat(inFlight.tryAcquire(600)).isTrue();
        assertThat(inFlight.tryAcquire(1)).isFalse();
    }

    @Test
    void aBatchLargerThanTheBoundGoesAloneRatherThanNever() {
        InFlight inFlight = new InFlight(100);
        assertThat(inFlight.tryAcquire(500)).isTrue();
        assertThat(inFlight.tryAcquire(1)).isFalse();
        inFlight.release(500);
        assertThat(inFlight.current()).isZero();
        assertThatThrownBy(() -> new InFlight(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
