package dev.sejour.booking;

/**
 * A buyer asking for places: the seed's {@code {slug, nbPlaces, email, nom, prenom}}. Validated by
 * {@link BookingService#startCheckout}; any field may be wrong here.
 *
 * @param slug the séjour
 * @param places number of places ({@code nbPlaces})
 * @param email buyer's email
 * @param lastName buyer's {@code nom}
 * @param firstName buyer's {@code prenom}
 */
public record CheckoutRequest(String slug, int places, String email, String lastName, String firstName) {
}
