package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.testkit.BookingAssertions;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.RecordingNotifier;
import dev.sejour.booking.testkit.stripe.SimulatedSession;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks every scenario ends with: the books balance (initial capacity = places left + held + paid), no
 * negative places, one Checkout Session per reservation and one reservation per session, exactly one
 * confirmation per paid reservation (and one refund notice per refunded one) over all instances' notifiers.
 */
final class Invariants {

    private Invariants() {
    }

    /**
     * @param reservationIds every reservation the scenario created (from the checkout answers)
     * @return how many reservations end in each status
     */
    static Map<ReservationStatus, Integer> check(BookingStores stores, String slug, int capacity, StripeSimulator stripe,
                                                 Collection<RecordingNotifier> notifiers,
                                                 Collection<String> reservationIds) {
        BookingAssertions.assertBooksBalance(stores, slug, capacity);
        int left = stores.sejours().findBySlug(slug).orElseThrow().placesLeft();
        assertThat(left).as("places left of %s", slug).isBetween(0, capacity);

        Map<String, Integer> sessionsPerReservation = new HashMap<>();
        for (SimulatedSession session : stripe.sessions()) {
            if (slug.equals(session.metadata().get("sejourSlug"))) {
                sessionsPerReservation.merge(session.clientReferenceId(), 1, Integer::sum);
            }
        }
        assertThat(sessionsPerReservation).as("Checkout Sessions per reservation of %s", slug)
                .allSatisfy((id, count) -> assertThat(count).as("sessions of reservation %s", id).isEqualTo(1));

        Map<ReservationStatus, Integer> statuses = new EnumMap<>(ReservationStatus.class);
        Set<String> sessionIds = new HashSet<>();
        int paidPlaces = 0;
        for (String id : reservationIds) {
            Reservation reservation = stores.reservations().findById(id).orElseThrow(
                    () -> new AssertionError("reservation " + id + " is lost"));
            statuses.merge(reservation.status(), 1, Integer::sum);
            if (reservation.status() == ReservationStatus.PAID) {
                paidPlaces += reservation.places();
            }
            if (reservation.stripeSessionId() != null) {
                assertThat(sessionIds.add(reservation.stripeSessionId()))
                        .as("session %s belongs to one reservation", reservation.stripeSessionId()).isTrue();
                assertThat(stores.reservations().findByStripeSessionId(reservation.stripeSessionId()))
                        .as("reservation of session %s", reservation.stripeSessionId())
                        .hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(id));
            }
            List<Notification> sent = notifiers.stream().flatMap(n -> n.deliveredFor(id).stream()).toList();
            long confirmations = sent.stream().filter(n -> n.kind() == Notification.Kind.CONFIRMATION).count();
            long refunds = sent.stream().filter(n -> n.kind() == Notification.Kind.REFUND).count();
            switch (reservation.status()) {
                case PAID -> {
                    assertThat(confirmations).as("confirmations of paid reservation %s", id).isEqualTo(1);
                    assertThat(refunds).as("refund notices of paid reservation %s", id).isZero();
                }
                case REFUNDED -> {
                    assertThat(refunds).as("refund notices of refunded reservation %s", id).isEqualTo(1);
                    assertThat(confirmations).as("confirmations of refunded reservation %s", id).isLessThanOrEqualTo(1);
                }
                default -> assertThat(sent).as("notifications of %s reservation %s", reservation.status(), id).isEmpty();
            }
        }
        assertThat(stores.countPlaces(slug).paid()).as("paid places of %s", slug).isEqualTo(paidPlaces);
        return statuses;
    }
}
