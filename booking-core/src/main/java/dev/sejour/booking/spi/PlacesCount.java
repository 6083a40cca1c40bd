package dev.sejour.booking.spi;

/**
 * Places of one séjour by what holds them, for checks and dashboards. The books balance when
 * {@code initial capacity = placesLeft + held + paid}.
 *
 * @param held places of {@code en_attente} reservations
 * @param paid places of {@code payee} reservations
 */
public record PlacesCount(int held, int paid) {

    public static final PlacesCount NONE = new PlacesCount(0, 0);

    public int occupied() {
        return held + paid;
    }
}
