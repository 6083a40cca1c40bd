package dev.sejour.booking.reliability;

import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.testkit.BookingStores;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores over a disk that can fill up: while {@link #full(boolean) full}, every method that would change
 * something throws the {@link StoreException} a database gives on a full disk, and reads still work (as
 * they do on a real full disk). Built as a proxy so that it follows whatever methods the SPIs gain: reads are
 * the methods named {@code find…} and {@code count…}, everything else is a write.
 */
final class FullDiskStores {

    private final AtomicBoolean full = new AtomicBoolean();
    private volatile String onlyMethod;
    private final AtomicInteger refusedWrites = new AtomicInteger();
    private final BookingStores stores;

    FullDiskStores(BookingStores delegate) {
        this.stores = new BookingStores(wrap(SejourStore.class, delegate.sejours()),
                wrapReservations(delegate.reservations()), delegate.placesCounter());
    }

    BookingStores stores() {
        return stores;
    }

    void full(boolean on) {
        onlyMethod = null;
        full.set(on);
    }

    /** The disk fills just before the next write by {@code method} (and stays full). */
    void fullFrom(String method) {
        onlyMethod = method;
        full.set(true);
    }

    int refusedWrites() {
        return refusedWrites.get();
    }

    /** The reservation store with its notification outbox, both faulty, as one object like the real store. */
    private ReservationStore wrapReservations(ReservationStore delegate) {
        return (ReservationStore) Proxy.newProxyInstance(ReservationStore.class.getClassLoader(),
                new Class<?>[] {ReservationStore.class, NotificationOutbox.class}, handler(delegate));
    }

    private <T> T wrap(Class<T> type, T delegate) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler(delegate)));
    }

    private InvocationHandler handler(Object delegate) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            boolean read = name.startsWith("find") || name.startsWith("count") || method.getDeclaringClass() == Object.class;
            String from = onlyMethod;
            if (from != null && from.equals(name)) {
                onlyMethod = null;
            }
            if (!read && full.get() && onlyMethod == null) {
                refusedWrites.incrementAndGet();
                throw new StoreException("could not " + name + ": [SQLITE_FULL] database or disk is full");
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return handler;
    }
}
