package dev.sejour.booking.spi;

import dev.sejour.booking.Sejour;
import java.util.List;
import java.util.Optional;

/**
 * Where séjours and their places left live. Places are taken and given back only through
 * {@link ReservationStore}, atomically with the reservation they belong to.
 *
 * <p>Implementations are thread-safe and throw {@link StoreException} on failure.
 */
public interface SejourStore {

    Optional<Sejour> findBySlug(String slug);

    /** All séjours, ordered by slug. */
    List<Sejour> findAll();

    /**
     * Creates the séjour, or replaces its title, price and places left. Meant for set-up and
     * administration, not for the booking flow: it is a plain write.
     */
    void save(Sejour sejour);
}
