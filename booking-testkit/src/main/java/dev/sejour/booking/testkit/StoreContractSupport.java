package dev.sejour.booking.testkit;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the contract suites share: fresh stores before each test, and small fixtures a store's own tests
 * may use. Instants are whole milliseconds, the precision every store must keep.
 */
public abstract class StoreContractSupport {

    /** The time the fixtures are created at. */
    protected static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");

    protected SejourStore sejours;
    protected ReservationStore reservations;
    /** The notification outbox over the same reservations (see {@link #notificationOutbox}). */
    protected NotificationOutbox outbox;
    private PlacesCounter placesCounter;

    /**
     * Stores over an empty database (or fresh tables, prefix or schema): called before each test.
     * Tables may be created here; anything to close goes in {@link #closeStores()}.
     */
    protected abstract BookingStores createStores() throws Exception;

    /** Closes what {@link #createStores()} opened; called after each test. */
    protected void closeStores() throws Exception {
    }

    @BeforeEach
    final void openStores() throws Exception {
        BookingStores stores = createStores();
        this.sejours = stores.sejours();
        this.reservations = stores.reservations();
        this.outbox = notificationOutbox(stores);
        this.placesCounter = stores.placesCounter();
    }

    /**
     * The notification outbox of the stores. Default: the reservation store, which must then implement
     * {@link NotificationOutbox} (every shipped store does); override for a store that keeps it apart.
     */
    protected NotificationOutbox notificationOutbox(BookingStores stores) {
        return asOutbox(stores.reservations());
    }

    protected static NotificationOutbox asOutbox(ReservationStore store) {
        if (store instanceof NotificationOutbox outbox) {
            return outbox;
        }
        throw new IllegalStateException(store.getClass().getName()
                + " does not implement NotificationOutbox: override notificationOutbox(stores)");
    }

    /** The places held and paid of the séjour, by the stores' {@link PlacesCounter}. */
    protected PlacesCount countPlaces(String slug) {
        return placesCounter.countPlaces(slug);
    }

    @AfterEach
    final void releaseStores() throws Exception {
        closeStores();
    }

    /** A séjour at 450,00 € a place. */
    protected static Sejour sejour(String slug, int places) {
        return new Sejour(slug, "Séjour " + slug, Money.of(45_000, "eur"), places);
    }

    /** A pending reservation of a fresh id, held at {@link #T0} for 31 minutes. */
    protected static Reservation pending(String slug, int places) {
        return pending(slug, places, T0.plusSeconds(1860));
    }

    protected static Reservation pending(String slug, int places, Instant expiresAt) {
        return Reservation.pending("res_" + UUID.randomUUID().toString().replace("-", ""), slug,
                new Buyer("Devillers", "David", "david@example.com"), places, Money.of(45_000L * places, "eur"),
                T0, expiresAt);
    }

    protected int placesLeft(String slug) {
        return sejours.findBySlug(slug).orElseThrow().placesLeft();
    }
}
