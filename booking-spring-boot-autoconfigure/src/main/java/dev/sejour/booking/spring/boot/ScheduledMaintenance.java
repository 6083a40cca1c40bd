package dev.sejour.booking.spring.boot;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.SweepReport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the library's maintenance every {@code sejour.booking.maintenance.interval} on one daemon thread:
 * {@link BookingService#releaseExpiredHolds} then {@link BookingService#retryPendingNotifications}. A failure
 * (database down, Stripe unreachable) is logged and the next run goes on. Started with the context, stopped
 * before the service is closed. Any number of instances may run it against one store.
 */
public class ScheduledMaintenance implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledMaintenance.class);

    private final BookingService booking;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public ScheduledMaintenance(BookingService booking, Duration interval) {
        this.booking = Objects.requireNonNull(booking, "booking");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sejour.booking.maintenance.interval must be positive");
        }
        this.interval = interval;
    }

    /** One run: releases expired holds, then hands due notifications to the delivery threads. Never throws. */
    public void runOnce() {
        try {
            SweepReport report = booking.releaseExpiredHolds(booking.clock().instant());
            if (report.released() + report.fulfilled() + report.repaired() > 0) {
                LOG.info("Booking maintenance: {}", report);
            }
        } catch (RuntimeException e) {
            LOG.warn("Booking maintenance: releasing expired holds failed; next run in {}", interval, e);
        }
        try {
            booking.retryPendingNotifications();
        } catch (RuntimeException e) {
            LOG.warn("Booking maintenance: retrying notifications failed; next run in {}", interval, e);
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "booking-maintenance");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        // A Throwable escaping would silently end a scheduled task: runOnce catches every RuntimeException,
        // and an Error is worth the loud stop.
        executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Booking maintenance did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
