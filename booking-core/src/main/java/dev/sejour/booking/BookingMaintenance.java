package dev.sejour.booking;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic work of a {@link BookingService}, so that no application writes the loop: one daemon thread
 * that, every interval (a fixed delay between the end of a run and the start of the next), releases
 * expired holds ({@link BookingService#releaseExpiredHolds()}) then hands due notifications to the delivery
 * threads ({@link BookingService#retryPendingNotifications()}).
 *
 * <pre>{@code
 * BookingMaintenance maintenance = BookingMaintenance.start(booking, Duration.ofMinutes(1));
 * // … on shutdown, before booking.close():
 * maintenance.close();
 * }</pre>
 *
 * <p>A failing step (Stripe or the database down) is logged in one WARN line and tried again at the next
 * run; the thread never dies of it. Every instance of an application may run one: both steps are safe to
 * run concurrently on a shared store. Time is the service's clock.
 */
public final class BookingMaintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BookingMaintenance.class);
    /** The interval of {@link #start(BookingService)}: one minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final BookingService booking;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private BookingMaintenance(BookingService booking, Duration interval) {
        this.booking = booking;
        this.interval = interval;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "booking-maintenance");
            t.setDaemon(true); // never keeps the JVM alive on its own
            return t;
        });
    }

    /** Starts the maintenance of {@code booking} every {@link #DEFAULT_INTERVAL}, the first run at once. */
    public static BookingMaintenance start(BookingService booking) {
        return start(booking, DEFAULT_INTERVAL);
    }

    /**
     * Starts the maintenance of {@code booking}: the first run at once, then one every {@code interval}
     * after the previous run ended.
     *
     * @param interval the delay between runs, positive; a minute suits most applications (holds last at
     *     least 30 minutes, and delivery threads send most notifications without waiting for a run)
     * @throws IllegalArgumentException if the interval is not positive
     */
    public static BookingMaintenance start(BookingService booking, Duration interval) {
        Objects.requireNonNull(booking, "booking");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        BookingMaintenance maintenance = new BookingMaintenance(booking, interval);
        long millis = Math.max(1, interval.toMillis());
        maintenance.executor.scheduleWithFixedDelay(maintenance::runOnce, 0, millis, TimeUnit.MILLISECONDS);
        return maintenance;
    }

    /** One run, on the maintenance thread. Never throws: an exception escaping would cancel the schedule. */
    private void runOnce() {
        step("releasing expired holds", () -> booking.releaseExpiredHolds());
        step("handing due notifications over", () -> booking.retryPendingNotifications());
        runs.incrementAndGet();
    }

    private void step(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError e) {
            failures.incrementAndGet();
            // One line per failure: a database down for an hour must not fill the log with stack traces.
            LOG.warn("Booking maintenance failed {} ({}); it runs again in {}", what, e, interval);
            LOG.debug("Booking maintenance failure", e);
        }
    }

    /** The delay between two runs. */
    public Duration interval() {
        return interval;
    }

    /** Runs finished so far (a run whose steps failed counts too). */
    public long runs() {
        return runs.get();
    }

    /** Steps that failed so far. */
    public long failures() {
        return failures.get();
    }

    /**
     * Stops scheduling runs and waits up to 10 seconds for one under way to finish. Idempotent. Does not
     * close the {@link BookingService}: close this first, then the service.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
