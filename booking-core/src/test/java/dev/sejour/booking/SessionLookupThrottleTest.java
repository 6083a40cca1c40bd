package dev.sejour.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
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
    private final AtomicInteger calls = new AtomicInteger();
    private final Function<String, Optional<SessionState>> stripe = id -> {
        calls.incrementAndGet();
        return Optional.empty();
    };

    @Test
    void aSessionIsLookedUpOncePerIntervalAndTheAnswerReused() {
        SessionLookupThrottle throttle = new SessionLookupThrottle(Duration.ofSeconds(5), 100, clock);

        throttle.lookUp("cs_a", stripe);
        throttle.lookUp("cs_a", stripe);
        throttle.lookUp("cs_b", stripe);
        assertThat(calls).hasValue(2);
        now.set(now.get().plusMillis(4_999));
        throttle.lookUp("cs_a", stripe);
        assertThat(calls).hasValue(2);
        now.set(now.get().plusMillis(1));
        throttle.lookUp("cs_a", stripe);
        throttle.lookUp("cs_a", stripe);
        assertThat(calls).hasValue(3);
    }

    @Test
    void aFailureIsReusedTooSoThatAnOutageIsNotAskedAboutAtEachPoll() {
        SessionLookupThrottle throttle = new SessionLookupThrottle(Duration.ofSeconds(5), 100, clock);
        Function<String, Optional<SessionState>> down = id -> {
            calls.incrementAndGet();
            throw new PaymentProviderException("down", null);
        };

        assertThatThrownBy(() -> throttle.lookUp("cs_a", down)).isInstanceOf(PaymentProviderException.class);
        assertThatThrownBy(() -> throttle.lookUp("cs_a", down)).isInstanceOf(PaymentProviderException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void itRemembersABoundedNumberOfSessions() {
        SessionLookupThrottle throttle = new SessionLookupThrottle(Duration.ofMinutes(1), 10, clock);

        for (int i = 0; i < 10_000; i++) {
            throttle.lookUp("cs_" + i, stripe);
        }
        assertThat(calls).hasValue(10_000);

        // Bounded: most of them were forgotten, so an early one is asked about again.
        throttle.lookUp("cs_0", stripe);
        assertThat(calls).hasValue(10_001);
    }
}
