package dev.sejour.booking.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.Money;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rig as docs/testing-with-the-simulator.md shows it, run for real. */
// tag::rig[]
class BookingTestRigTest {

    @RegisterExtension
    final BookingTestRig rig = BookingTestRig.builder()
            .sejour(new Sejour("yoga_aux_choseaux", "Yoga aux Choseaux", Money.of(90_000, "eur"), 12))
            .build();

    @Test
    void aPaidCheckoutIsConfirmedOnce() {
        CheckoutSession checkout = rig.booking().startCheckout(
                new CheckoutRequest("yoga_aux_choseaux", 2, "david@example.com", "Devillers", "David"));

        SimulatedEvent paid = rig.stripe().pay(checkout.stripeSessionId());   // the buyer pays on Stripe
        rig.deliver(paid);                                                     // the webhook, signed
        rig.deliver(paid);                                                     // Stripe retries: a duplicate

        assertThat(rig.reservation(checkout.reservationId()).status()).isEqualTo(ReservationStatus.PAID);
        // emails leave on the service's own threads, after the webhook answered: settledNotifier() waits
        assertThat(rig.settledNotifier().deliveredFor(checkout.reservationId())).hasSize(1);
        assertThat(rig.placesLeft("yoga_aux_choseaux")).isEqualTo(10);
    }   // after each test, the rig checks that held + paid + free = 12, and closes the service
    // end::rig[]

    @Test
    void eachTestStartsFromFreshStoresAndTheStartInstant() {
        assertThat(rig.placesLeft("yoga_aux_choseaux")).isEqualTo(12);
        assertThat(rig.stripe().sessions()).isEmpty();
        assertThat(rig.notifier().delivered()).isEmpty();
        assertThat(rig.stripe().clock()).isSameAs(rig.clock());
    }

    @Test
    void anUnpaidHoldIsReleasedWhenTheSharedClockPassesItsEnd() {
        CheckoutSession checkout = rig.booking().startCheckout(
                new CheckoutRequest("yoga_aux_choseaux", 3, "ada@example.org", "Lovelace", "Ada"));
        assertThat(rig.placesLeft("yoga_aux_choseaux")).isEqualTo(9);

        rig.clock().advance(Duration.ofHours(2));
        rig.booking().releaseExpiredHolds();

        assertThat(rig.reservation(checkout.reservationId()).status()).isNotEqualTo(ReservationStatus.PENDING);
        assertThat(rig.placesLeft("yoga_aux_choseaux")).isEqualTo(12);
    }
// tag::rig[]
}
// end::rig[]
