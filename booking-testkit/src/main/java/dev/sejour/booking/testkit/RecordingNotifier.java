package dev.sejour.booking.testkit;

import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import dev.sejour.booking.spi.Notifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link Notifier} that remembers what it was asked to send, and can be told to fail. */
public final class RecordingNotifier implements Notifier {

    private final List<Notification> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean organiser = true;

    @Override
    public void notify(Notification notification) {
        attempts.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new NotificationException("simulated delivery failure", null);
        }
        delivered.add(notification);
    }

    /** It tells the organiser (disputes) unless {@link #withoutOrganiser()} was called. */
    @Override
    public boolean notifiesOrganiser() {
        return organiser;
    }

    /** Has no organiser address: the service owes the organiser no notice. */
    public RecordingNotifier withoutOrganiser() {
        organiser = false;
        return this;
    }

    /** The next {@code count} deliveries fail with a transient error. */
    public RecordingNotifier failNext(int count) {
        failuresLeft.set(count);
        return this;
    }

    public List<Notification> delivered() {
        return List.copyOf(delivered);
    }

    /** Deliveries of the reservation, of any kind. */
    public List<Notification> deliveredFor(String reservationId) {
        return delivered.stream().filter(n -> n.reservation().id().equals(reservationId)).toList();
    }

    /** Every call, failed or not. */
    public int attempts() {
        return attempts.get();
    }

    public void clear() {
        delivered.clear();
        attempts.set(0);
        failuresLeft.set(0);
    }
}
