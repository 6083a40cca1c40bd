package dev.sejour.booking.testkit;

/**
 * The contract suites' hook for inspecting a store (ShedLock's {@code assertLocked} model): counts the
 * places of a séjour held and paid, from the store's own data. Each store's tests implement it (a query of
 * their own, or the store's inspection method) and pass it with their {@link BookingStores}; it is not part
 * of the store SPI, which holds only what the engine calls.
 */
@FunctionalInterface
public interface PlacesCounter {

    /** Places of {@code sejourSlug} held by pending reservations and taken by paid ones; none if unknown. */
    PlacesCount countPlaces(String sejourSlug);
}
