package dev.sejour.booking.spi;

import dev.sejour.booking.Sejour;
import java.util.List;
import java.util.Optional;

/**
 * Where séjours and their places left live. Places are taken and given back only through
 * {@link ReservationStore}, atomically with the reservation they belong to.
 *
 * <p>The booking engine only reads séjours ({@link #findBySlug}). {@link #findAll} and {@link #save} are
 * administration methods: the engine never calls them; applications, their set-up code and the organiser's
 * tools do (listing the séjours on sale, creating or editing one). They stay on this interface because every
 * store has them and an administration feature needs nothing else; a store used only by the engine must
 * still implement them.
 *
 * <p>Implementations are thread-safe and throw {@link StoreException} on failure.
 */
public interface SejourStore {

    Optional<Sejour> findBySlug(String slug);

    /** All séjours, ordered by slug. Administration: never called by the engine. */
    List<Sejour> findAll();

    /**
     * Creates the séjour, or replaces its title, price and places left. Administration: never called by
     * the engine, and not for the booking flow (it is a plain write: places taken meanwhile by a hold are
     * overwritten by the places left given here).
     */
    void save(Sejour sejour);
}
