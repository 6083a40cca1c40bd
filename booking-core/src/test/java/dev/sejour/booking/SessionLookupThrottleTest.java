package dev.sejour.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionLookupThrottleTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aSessionIsLookedUpOncePerInterval() {
        SessionLookupThrottle throttle = new SessionLookupThrottle(Duration.ofSeconds(5), 100, clock);

        assertThat(throttle.tryAcquire("cs_a")).isTrue();
        assertThat(throttle.tryAcquire("cs_a")).isFalse();
        assertThat(throttle.tryAcquire("cs_b")).as("another session").isTrue();
        now.set(now.get().plusMillis(4_999));
        assertThat(throttle.tryAcquire("cs_a")).isFalse();
        now.set(now.get().plusMillis(1));
        assertThat(throttle.tryAcquire("cs_a")).isTrue();
        assertThat(throttle.tryAcquire("cs_a")).isFalse();
    }

    @Test
    void itRemembersABoundedNumberOfSessions() {
        SessionLookupThrottle throttle = new SessionLookupThrottle(Duration.ofMinutes(1), 10, clock);

        int allowed = 0;
        for (int i = 0; i < 10_000; i++) {
            allowed += throttle.tryAcquire("cs_" + i) ? 1 : 0;
        }

        assertThat(allowed).isEqualTo(10_000);
        // Bounded: most of them were forgotten, so a repeat of an early one is allowed again.
        assertThat(throttle.tryAcquire("cs_0")).isTrue();
    }
}
