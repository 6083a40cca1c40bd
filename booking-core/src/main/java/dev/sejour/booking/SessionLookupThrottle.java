package dev.sejour.booking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Bounds what anonymous requests can make this instance ask Stripe: each Checkout Session is looked up at
 * most once per {@code interval}. The success page polls while a reservation is pending, and anybody may
 * call it with any session id, so without a bound one client could spend the merchant's Stripe rate limit.
 *
 * <p>The answer of a lookup (the session's state, or the failure to get it) is kept in a Caffeine cache of
 * at most {@code maxSessions} entries for {@code interval} after it was fetched (with the service's clock,
 * so tests control it): requests within the interval share it, and concurrent requests for one session
 * wait for the one lookup under way instead of each asking Stripe. When more sessions than that are asked
 * about within an interval, the oldest are forgotten early: the memory stays bounded, and a forgotten
 * session may be asked about once more. Per instance: n instances ask at most n times per interval.
 * Thread-safe; every Stripe lookup the success page makes (a pending reservation, or an unknown session
 * id) goes through {@link #lookUp}.
 */
final class SessionLookupThrottle {

    /** What one lookup gave: the state (empty if Stripe does not know the session), or its failure. */
    private record Lookup(Optional<SessionState> state, @Nullable RuntimeException failure) {
    }

    private final Cache<String, Lookup> recent;

    /**
     * @param interval how long one lookup's answer is reused, positive
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
     * The session's state as {@code stripe} answered it at most one interval ago: asks it only if nobody
     * did within the interval (concurrent callers share one call).
     *
     * @throws RuntimeException what {@code stripe} threw, for every caller within the interval (a Stripe
     *     outage is not asked about again at each poll)
     */
    Optional<SessionState> lookUp(String sessionId, Function<String, Optional<SessionState>> stripe) {
        Lookup lookup = recent.get(sessionId, id -> {
            try {
                return new Lookup(stripe.apply(id), null);
            } catch (RuntimeException e) {
                return new Lookup(Optional.empty(), e);
            }
        });
        if (lookup.failure() != null) {
            throw lookup.failure();
        }
        return lookup.state();
    }
}
