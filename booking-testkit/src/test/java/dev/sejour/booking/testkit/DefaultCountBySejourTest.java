package dev.sejour.booking.testkit;

import dev.sejour.booking.spi.ReservationStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * The contract suite on a store that does not count by itself: {@code ReservationStore.countBySejour}'s default,
 * which pages through {@code findBySejour}, as a third-party store written before the method gets it. Every
 * other method goes to the in-memory store.
 */
class DefaultCountBySejourTest extends ReservationStoreContract {

    @Override
    protected BookingStores createStores() {
        InMemorySejourStore sejours = new InMemorySejourStore();
        InMemoryReservationStore memory = new InMemoryReservationStore(sejours);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("countBySejour")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(memory, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        ReservationStore withoutCounts = (ReservationStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ReservationStore.class, dev.sejour.booking.spi.NotificationOutbox.class}, handler);
        return new BookingStores(sejours, withoutCounts, memory);
    }
}
