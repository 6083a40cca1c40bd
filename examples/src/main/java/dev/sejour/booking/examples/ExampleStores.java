package dev.sejour.booking.examples;

import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.testkit.BookingStores;
import java.util.Objects;

/**
 * The stores the example runs on, and what must be closed with them. The one place that decides which
 * store implementation the example uses.
 */
final class ExampleStores implements AutoCloseable {

    private final SejourStore sejours;
    private final ReservationStore reservations;
    private final String description;
    private final AutoCloseable resource;

    private ExampleStores(SejourStore sejours, ReservationStore reservations, String description,
                          AutoCloseable resource) {
        this.sejours = Objects.requireNonNull(sejours, "sejours");
        this.reservations = Objects.requireNonNull(reservations, "reservations");
        this.description = description;
        this.resource = resource;
    }

    /** Opens the configured database, creating its tables if they are missing. */
    static ExampleStores open(ExampleConfig config) {
        // Stand-in until booking-store-jdbc lands: in-memory stores (data is lost on restart).
        BookingStores stores = BookingStores.inMemory();
        return new ExampleStores(stores.sejours(), stores.reservations(), "in memory (not kept across restarts)",
                () -> { });
    }

    SejourStore sejours() {
        return sejours;
    }

    ReservationStore reservations() {
        return reservations;
    }

    /** For the start-up log: where the data lives. */
    String description() {
        return description;
    }

    /** Throws if the database cannot answer. */
    void check() {
        sejours.findBySlug("health-check");
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}
