package dev.sejour.booking.testkit;

import static org.assertj.core.api.Assertions.assertThat;


/** The checks every booking scenario should end with. */
public final class BookingAssertions {

    private BookingAssertions() {
    }

    /**
     * The books balance: the séjour's initial capacity equals its places left plus the places of pending
     * and paid reservations. No place is lost, none is sold twice.
     */
    public static void assertBooksBalance(BookingStores stores, String slug, int initialCapacity) {
        int left = stores.sejours().findBySlug(slug).orElseThrow().placesLeft();
        PlacesCount count = stores.countPlaces(slug);
        assertThat(left).as("places left of %s", slug).isNotNegative();
        assertThat(left + count.held() + count.paid())
                .as("places left (%d) + held (%d) + paid (%d) of %s", left, count.held(), count.paid(), slug)
                .isEqualTo(initialCapacity);
    }
}
