package dev.sejour.booking.examples;

import dev.sejour.booking.BookingMaintenance;
import dev.sejour.booking.BookingService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example's periodic work: the library's {@link BookingMaintenance} (expired holds, due notifications),
 * and, offline only, the simulator's own expiry of Checkout Sessions on one more daemon thread (a job that
 * fails is logged and runs again next time).
 */
final class Maintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "booking-maintenance");
        t.setDaemon(true);
        return t;
    });

    private volatile BookingMaintenance booking;

    /** Starts the library's maintenance of {@code service}: the first run at once, then every interval. */
    void booking(BookingService service, Duration interval) {
        booking = BookingMaintenance.start(service, interval);
    }

    /** Runs {@code job} every {@code interval}, the first time after one interval. */
    void every(Duration interval, String name, Runnable job) {
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(() -> runSafely(name, job), millis, millis, TimeUnit.MILLISECONDS);
    }

    static void runSafely(String name, Runnable job) {
        try {
            job.run();
        } catch (Throwable e) { // NOPMD: the thread must survive whatever a job throws
            LOG.error("Maintenance job '{}' failed; it runs again at the next interval", name, e);
            if (e instanceof VirtualMachineError) {
                throw (VirtualMachineError) e;
            }
        }
    }

    /** Stops scheduling, waits up to 10 s for a running job to finish. */
    @Override
    public void close() {
        BookingMaintenance started = booking;
        if (started != null) {
            started.close();
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
