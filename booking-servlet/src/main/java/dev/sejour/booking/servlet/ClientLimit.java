package dev.sejour.booking.servlet;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * An opt-in limit on how often one client may call the buyer-facing endpoints (checkout, confirmation
 * lookup, cancel; never Stripe's webhook), applied by {@link ClientLimitFilter}: a token bucket per client
 * address of {@link #burst()} requests, refilled at {@link #requestsPerMinute()}. Above it: {@code 429
 * too_many_requests} with {@code Retry-After}.
 *
 * <p>The client is {@code request.getRemoteAddr()}. Behind a reverse proxy that address is the proxy's,
 * so name the proxies with {@link Builder#trustedProxies}: a request from one of them is attributed to
 * the address its {@code Forwarded} ({@code for=}) or else {@code X-Forwarded-For} header gives, read from
 * the right and skipping trusted proxies. Those headers are ignored from anybody else (a client could
 * write any address in them). IPv6 clients are counted per /64 network, the block one subscriber usually
 * gets. Buckets live in a bounded Caffeine cache ({@link Builder#maxClients}) and expire once full again.
 *
 * <pre>{@code
 * BookingEndpoints.limitClients(context, "/api/paiement",
 *         ClientLimit.builder().requestsPerMinute(20).burst(10).trustedProxies("10.0.0.2").build());
 * }</pre>
 */
public final class ClientLimit {

    private final int requestsPerMinute;
    private final int burst;
    private final Set<String> trustedProxies;
    private final long maxClients;
    private final Clock clock;

    private ClientLimit(Builder b) {
        this.requestsPerMinute = b.requestsPerMinute;
        this.burst = b.burst;
        this.trustedProxies = Set.copyOf(b.trustedProxies);
        this.maxClients = b.maxClients;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Requests one client may make per minute, sustained. */
    public int requestsPerMinute() {
        return requestsPerMinute;
    }

    /** Requests one client may make at once, before the rate applies. */
    public int burst() {
        return burst;
    }

    /** Addresses of reverse proxies whose forwarding headers are believed, exactly as the container reports them. */
    public Set<String> trustedProxies() {
        return trustedProxies;
    }

    /** How many clients are tracked at most; beyond it the least recently seen are forgotten. */
    public long maxClients() {
        return maxClients;
    }

    Clock clock() {
        return clock;
    }

    /** How long an idle client's bucket takes to fill up again (after which it is forgotten). */
    Duration refillTime() {
        return Duration.ofMillis(Math.max(1_000L, 60_000L * burst / requestsPerMinute));
    }

    /** Settings of a {@link ClientLimit}; every one has a default. */
    public static final class Builder {
        private int requestsPerMinute = 30;
        private int burst = 10;
        private Set<String> trustedProxies = Set.of();
        private long maxClients = 100_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Sustained rate per client; default 30 a minute. */
        public Builder requestsPerMinute(int perMinute) {
            this.requestsPerMinute = perMinute;
            return this;
        }

        /** Requests a client may make at once; default 10. */
        public Builder burst(int burst) {
            this.burst = burst;
            return this;
        }

        /** The reverse proxies in front of the application (IP addresses); default none. */
        public Builder trustedProxies(String... addresses) {
            this.trustedProxies = Set.copyOf(Arrays.asList(addresses));
            return this;
        }

        /** Default 100,000 clients (a few MB). */
        public Builder maxClients(long max) {
            this.maxClients = max;
            return this;
        }

        /** For tests: the clock buckets refill with. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws IllegalArgumentException if a number is not positive */
        public ClientLimit build() {
            if (requestsPerMinute < 1 || burst < 1 || maxClients < 1) {
                throw new IllegalArgumentException("requestsPerMinute, burst and maxClients must be positive");
            }
            return new ClientLimit(this);
        }
    }
}
