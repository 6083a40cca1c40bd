package dev.sejour.booking.flow;

import static dev.sejour.booking.ReservationStatus.EXPIRED;
import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.stripe.SessionShape;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12 §3 and §4 together: a payment in the buyer's currency (900.00 EUR shown as 974.25 USD) for a
 * reservation the store lost, or whose hold was released before the buyer paid. Whatever the shapes of the
 * payload and of the retrieved session and whichever of the webhook and the success page comes first, the
 * reservation is rebuilt or settled at the séjour's price in euros, and the two paths reach one decision.
 */
class LostAndLateForeignCurrencyFlowTest extends FlowFixture {

    private static final long USD_AMOUNT = 97_425;

    @ParameterizedTest(name = "event {0}, retrieved {1}, {2} first")
    @CsvSource({
        "CURRENCY_CONVERSION, PRESENTMENT_DETAILS, webhook",
        "CURRENCY_CONVERSION, PRESENTMENT_DETAILS, successPage",
        "PRESENTMENT_DETAILS, CURRENCY_CONVERSION, webhook",
        "PRESENTMENT_DETAILS, CURRENCY_CONVERSION, successPage",
        "CURRENCY_CONVERSION, CURRENCY_CONVERSION, webhook",
        "CURRENCY_CONVERSION, CURRENCY_CONVERSION, successPage",
    })
    void aLostReservationPaidInDollarsIsRebuiltInEurosAndPaid(SessionShape eventShape, SessionShape apiShape,
                                                              String first) {
        stripe.shapes(apiShape, eventShape);
        CheckoutSession checkout = checkout(2);
        loseEverythingButTheSejour();
        SimulatedEvent completed = stripe.payInBuyerCurrency(checkout.stripeSessionId(), "usd", 2 * USD_AMOUNT);

        if (first.equals("webhook")) {
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.APPLIED);
            assertThat(booking.findReservation(checkout.stripeSessionId()).status()).isEqualTo(PAID);
        } else {
            assertThat(booking.findReservation(checkout.stripeSessionId()).status()).isEqualTo(PAID);
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);
        }
        assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);

        Reservation rebuilt = reservation(checkout);
        assertThat(rebuilt.status()).isEqualTo(PAID);
        assertThat(rebuilt.amount()).isEqualTo(Money.of(180_000, "eur"));
        assertThat(rebuilt.places()).isEqualTo(2);
        assertThat(stripe.refunds()).isEmpty();
        assertThat(settled().deliveredFor(checkout.reservationId())).extracting(Notification::kind)
                .containsExactly(Notification.Kind.CONFIRMATION);
        assertPlacesLeft(CAPACITY - 2);
    }

    @ParameterizedTest(name = "event {0}, retrieved {1}, {2} first, places left {3}")
    @CsvSource({
        "CURRENCY_CONVERSION, PRESENTMENT_DETAILS, webhook, true",
        "CURRENCY_CONVERSION, PRESENTMENT_DETAILS, webhook, false",
        "CURRENCY_CONVERSION, PRESENTMENT_DETAILS, successPage, true",
        "CURRENCY_CONVERSION, PRESENTMENT_DETAILS, successPage, false",
        "PRESENTMENT_DETAILS, CURRENCY_CONVERSION, webhook, true",
        "PRESENTMENT_DETAILS, CURRENCY_CONVERSION, webhook, false",
        "CURRENCY_CONVERSION, CURRENCY_CONVERSION, successPage, false",
    })
    void aLatePaymentInDollarsTakesPlacesOrIsRefundedOnceWhicheverPathComesFirst(
            SessionShape eventShape, SessionShape apiShape, String first, boolean placesLeft) {
        stripe.shapes(apiShape, eventShape);
        stripe.autoDeliver(false);
        CheckoutSession late = checkout(1);
        // The hold is released (the buyer took too long), as the sweeper releases it when the session is open.
        assertThat(stores.reservations().transition(dev.sejour.booking.spi.Transition.of(late.reservationId(),
                dev.sejour.booking.ReservationStatus.PENDING, EXPIRED, 1, clock.instant())))
                .isEqualTo(dev.sejour.booking.spi.TransitionOutcome.APPLIED);
        if (!placesLeft) {
            checkout(CAPACITY);
        }
        SimulatedEvent completed = stripe.payInBuyerCurrency(late.stripeSessionId(), "usd", USD_AMOUNT);

        if (first.equals("webhook")) {
            deliver(completed);
        } else {
            clock.advance(Duration.ofMinutes(40));
            // The success page shows the released reservation; the decision is the webhook's (or the sweeper's).
            assertThat(booking.findReservation(late.stripeSessionId()).status()).isEqualTo(EXPIRED);
            deliver(completed);
        }
        deliver(completed);
        var expected = placesLeft ? PAID : REFUNDED;
        assertThat(reservation(late).status()).isEqualTo(expected);
        assertThat(booking.findReservation(late.stripeSessionId()).status()).isEqualTo(expected);
        assertThat(reservation(late).amount()).isEqualTo(Money.of(90_000, "eur"));
        assertThat(stripe.refunds()).hasSize(placesLeft ? 0 : 1);
        assertThat(settled().deliveredFor(late.reservationId())).extracting(Notification::kind)
                .containsExactly(placesLeft ? Notification.Kind.CONFIRMATION : Notification.Kind.REFUND);
        if (!placesLeft) {
            // The other buyer's hold is released at its end so the books can be checked against the capacity.
            clock.advance(Duration.ofHours(1));
            booking.releaseExpiredHolds();
        }
        assertPlacesLeft(placesLeft ? CAPACITY - 1 : CAPACITY);
    }

    @org.junit.jupiter.api.Test
    void aLostReservationRefundedFromTheDashboardBeforeItsPaymentEventIsNotGivenPlaces() {
        stripe.autoDeliver(false);
        CheckoutSession checkout = checkout(2);
        loseEverythingButTheSejour();
        SimulatedEvent completed = stripe.pay(checkout.stripeSessionId());
        // The server was down (the crash that lost the reservation); meanwhile the organiser refunded the
        // payment from the dashboard, and Stripe delivers the refund before retrying the payment event.
        SimulatedEvent refunded = stripe.refundFromDashboard(checkout.stripeSessionId());
        assertThat(deliver(refunded).disposition()).isEqualTo(Disposition.IGNORED); // 200: never redelivered
        deliver(completed);
        deliver(completed);

        assertThat(stripe.refunds()).as("only the organiser's refund").hasSize(1);
        assertThat(reservation(checkout).status()).as("the money is back with the buyer").isEqualTo(REFUNDED);
        assertThat(settled().deliveredFor(checkout.reservationId())).extracting(Notification::kind)
                .doesNotContain(Notification.Kind.CONFIRMATION);
        assertPlacesLeft(CAPACITY);
    }

    @org.junit.jupiter.api.Test
    void racingDeliveriesAndLookupsOfALostRefundedPaymentStoreItOnceRefunded() throws Exception {
        stripe.autoDeliver(false);
        CheckoutSession checkout = checkout(3);
        loseEverythingButTheSejour();
        SimulatedEvent completed = stripe.pay(checkout.stripeSessionId());
        deliver(stripe.refundFromDashboard(checkout.stripeSessionId()));

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                boolean page = i % 2 == 0;
                futures.add(pool.submit(() -> {
                    go.await();
                    return page ? booking.findReservation(checkout.stripeSessionId()).status()
                            : deliver(completed).disposition();
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<?> future : futures) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(reservation(checkout).status()).isEqualTo(REFUNDED);
        assertThat(stripe.refunds()).hasSize(1);
        assertThat(settled().deliveredFor(checkout.reservationId())).extracting(Notification::kind)
                .containsExactly(Notification.Kind.REFUND);
        assertPlacesLeft(CAPACITY);
    }

    /** A backup restored from before the checkout: the séjour is there with all its places, no reservation. */
    private void loseEverythingButTheSejour() {
        booking.close();
        stores = BookingStores.inMemory();
        stores.sejours().save(new Sejour(SLUG, "Yoga aux Choseaux", PRICE, CAPACITY));
        booking = configure(b -> b);
    }
}
