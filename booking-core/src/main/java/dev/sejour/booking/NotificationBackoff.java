package dev.sejour.booking;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a failed notification is tried again: {@code firstDelay} after the first failed attempt, doubling
 * after each one up to {@code maxDelay}, each delay lengthened by a random fifth at most (jitter, so that
 * notifications that failed together, a mail server down, do not all come back in the same second), and
 * never longer than {@code maxDelay}; after {@code maxAttempts} attempts, no more.
 */
record NotificationBackoff(Duration firstDelay, Duration maxDelay, int maxAttempts, DoubleSupplier random) {

    NotificationBackoff(Duration firstDelay, Duration maxDelay, int maxAttempts) {
        this(firstDelay, maxDelay, maxAttempts, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** Whether another attempt may follow the one numbered {@code attempt} (from 1). */
    boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The wait after the failed attempt numbered {@code attempt} (from 1), jitter included. */
    Duration delayAfter(int attempt) {
        long first = firstDelay.toMillis();
        long cap = maxDelay.toMillis();
        // 2^62 ms overflows nothing and is far beyond any cap: stop doubling there.
        long doubled = attempt - 1 >= 62 || first > (cap >> Math.min(attempt - 1, 62)) ? cap
                : Math.min(cap, first << (attempt - 1));
        long jitter = (long) (doubled * 0.2 * random.getAsDouble());
        return Duration.ofMillis(Math.min(cap, doubled + jitter));
    }
}
