package dev.sejour.booking.spi;

import dev.sejour.booking.Money;
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

    /**
     * The séjour, and the places held by the buyer's pending reservations of it (status {@code en_attente},
     * this séjour, {@link dev.sejour.booking.Buyer#normalisedEmail()} equal to {@code normalisedEmail}), read
     * in one round trip where the store can: a checkout refuses a sold-out séjour from this one read. Empty
     * when no séjour has the slug.
     *
     * <p>The default reads the séjour only ({@link SejourForBuyer#sejourOnly}); the engine then reads
     * the buyer's pending reservations as well ({@link ReservationStore#findPendingByBuyer}).
     */
    default Optional<SejourForBuyer> findBySlugForBuyer(String slug, String normalisedEmail) {
        return findBySlug(slug).map(SejourForBuyer::sejourOnly);
    }

    /** All séjours, ordered by slug. Administration: never called by the engine. */
    List<Sejour> findAll();

    /**
     * Creates the séjour, or replaces its title, price and places left. Administration: never called by
     * the engine, and not for the booking flow (it is a plain write: places taken meanwhile by a hold are
     * overwritten by the places left given here).
     */
    void save(Sejour sejour);

    /**
     * Adds {@code delta} to the séjour's places left in one atomic conditional write (the organiser adding
     * places, or taking unsold ones off sale), only if the result is not negative: places held by a pending
     * checkout or sold are not counted in places left, so they can never be taken away, and a change racing
     * holds never oversells. Never a read-modify-write in Java.
     *
     * @param slug the séjour
     * @param delta places to add (positive) or take off sale (negative); 0 changes nothing
     * @return the séjour as the write left it; empty, changing nothing, if no séjour has that slug or fewer
     *     than {@code -delta} places are left
     */
    Optional<Sejour> adjustPlaces(String slug, int delta);

    /**
     * Creates the séjour, with its places left, only if no séjour has its slug (the organiser puts a new
     * séjour on sale). Atomic: of two concurrent creations of one slug, one wins.
     *
     * @return true if created; false, changing nothing, if a séjour already has the slug
     */
    boolean create(Sejour sejour);

    /**
     * Changes a séjour's title and price, never its places left (which only holds, releases and
     * {@link #adjustPlaces} change), in one write. Reservations keep the amount they were created with.
     *
     * @return the séjour afterwards; empty if no séjour has the slug
     */
    Optional<Sejour> updateDetails(String slug, String title, Money pricePerPlace);
}
