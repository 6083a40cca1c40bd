package dev.sejour.booking.examples;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the periodic jobs on one daemon thread: a job that fails is logged and runs again next time
 * (an exception escaping a scheduled task would cancel it for good).
 */
final class Maintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "booking-maintenance");
        t.setDaemon(true);
        return t;
    });

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
