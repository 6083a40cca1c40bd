package dev.sejour.booking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds what anonymous requests can make this instance ask Stripe: each Checkout Session is looked up at
 * most once per {@code interval}. The success page polls while a reservation is pending, and anybody may
 * call it with any session id, so without a bound one client could spend the merchant's Stripe rate limit.
 *
 * <p>It remembers the sessions asked about recently in a Caffeine cache of at most {@code maxSessions}
 * entries that expire {@code interval} after they were written (with the service's clock, so tests control
 * it). When more sessions than that are asked about within an interval, the oldest are forgotten early: the
 * memory stays bounded, and a forgotten session may be asked about once more. Per instance: n instances
 * ask at most n times per interval. Thread-safe; every Stripe lookup the success page makes (a pending
 * reservation, or an unknown session id) goes through {@link #tryAcquire}.
 */
final class SessionLookupThrottle {

    private final Cache<String, Boolean> recent;

    /**
     * @param interval the least time between two lookups of one session, positive
     * @param maxSessions how many sessions are remembered at most, positive
     * @param clock whose millisecond time the interval is measured with
     */
    SessionLookupThrottle(Duration interval, long maxSessions, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.recent = Caffeine.newBuilder()
                .maximumSize(maxSessions)
                .expireAfterWrite(interval)
                .ticker(() -> clock.millis() * 1_000_000L)
                // Maintenance in the calling thread: no background task for a library to own.
                .executor(Runnable::run)
                .build();
    }

    /**
     * True if Stripe may be asked about this session now (and records that it is); false if it was asked
     * within the interval: the caller answers from its store instead.
     */
    boolean tryAcquire(String sessionId) {
        return recent.asMap().putIfAbsent(sessionId, Boolean.TRUE) == null;
    }
}
